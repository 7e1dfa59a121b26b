"""Resolution: admin codes and the place hierarchy (see kg.resolve.places)."""
