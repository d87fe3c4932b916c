# tests/mailbox.mk
