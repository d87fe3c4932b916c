# tests/parser.mk
