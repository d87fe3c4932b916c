/* fuzzexport.h: export checks for the targets that produce records. */
#ifndef BV_FUZZEXPORT_H
#define BV_FUZZEXPORT_H

#include "parser/parser.h"

/* Classify LIST's records from index FROM on, export them as JSON Lines and
 * CSV, and check both outputs; aborts on a broken promise. */
void	fuzz_export_records(struct bv_reclist *, size_t from);

#endif
