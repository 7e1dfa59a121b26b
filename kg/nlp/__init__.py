"""The spaCy pipeline and its rule components: sentences, places, times, organizations, people, events."""
