"""Developer tools, outside the runtime packages: the benchmark (`cli.py bench`), the import
benchmark, and running the app on loopback for the benchmark and browser tests."""
