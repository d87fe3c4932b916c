# tests/export.mk
