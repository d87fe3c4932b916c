#!/bin/sh
# A stand-in for $PAGER in the screen tests: keeps what it was given.
cat > paged.txt
