"""The gazetteer: China's administrative divisions, their codes and hierarchy, and the
resolution of a place mention to its division (see kg.gazetteer.places)."""
