# tests/catalog.mk
