# tests/hostile.mk
