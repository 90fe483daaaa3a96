"""Getting data in: the importer (files as offices send them) and the demo-data generator.
Both validate, then write through cgw.storage in one transaction."""
