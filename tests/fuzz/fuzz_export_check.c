/*
 * fuzz_export_check.c: classify and export records the way the program
 * does, and hold the output to the export's promises (fuzzutil.c).
 */
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/fuzzexport.h"

void
fuzz_export_records(struct bv_reclist *list, size_t from)
{
	struct buf	 json = { NULL, 0, 0 }, csv = { NULL, 0, 0 };
	size_t		 i, nfields;

	bv_export_header(&csv, BV_EXPORT_CSV);
	nfields = fuzz_csv_fields(csv.s, csv.len);
	for (i = from; i < list->n; i++) {
		bv_record_classify(&list->v[i]);
		bv_export_record(&json, BV_EXPORT_JSON, &list->v[i]);
		bv_export_record(&csv, BV_EXPORT_CSV, &list->v[i]);
	}
	fuzz_check_json(json.s ? json.s : "", json.len);
	fuzz_check_csv(csv.s, csv.len, nfields);
	buf_free(&json);
	buf_free(&csv);
}
