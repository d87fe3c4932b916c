/*
 * catgen: build-time generator.  Reads the catalog text files with the same
 * reader the program uses for user rules, checks them, and writes a C file
 * holding them as tables (const struct cat_set cat_builtin), so the program
 * needs no data files at run time.  Any problem in a file fails the build.
 *
 *	catgen -o OUT.c -C SRCDIR FILE...
 *
 * FILEs are named relative to SRCDIR; the names are kept in the tables
 * (for --list-rules and messages).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog/catint.h"

/* The generated file: lists go out as they come, entry arrays are kept in
 * BODY and written after them. */
struct gen {
	FILE		*out;
	struct buf	 body;
	unsigned	 nlists;
};

static void
put_string(struct buf *b, const char *s)
{
	const unsigned char	*p;

	if (s == NULL) {
		buf_adds(b, "NULL");
		return;
	}
	buf_addc(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f || *p == '?')
			buf_printf(b, "\\%03o", *p);	/* no trigraphs */
		else
			buf_addc(b, (char)*p);
	}
	buf_addc(b, '"');
}

/* Write a NULL-terminated list; its name goes into B, NULL if none. */
static void
put_list(struct gen *g, struct buf *b, const char *const *l)
{
	struct buf	 tmp = { NULL, 0, 0 };
	size_t		 i;

	if (l == NULL) {
		buf_adds(b, "NULL");
		return;
	}
	g->nlists++;
	buf_printf(&tmp, "static const char *const l%u[] = {", g->nlists);
	for (i = 0; l[i] != NULL; i++) {
		buf_adds(&tmp, "\n\t");
		put_string(&tmp, l[i]);
		buf_addc(&tmp, ',');
	}
	buf_adds(&tmp, "\n\tNULL\n};\n");
	fputs(tmp.s, g->out);
	buf_free(&tmp);
	buf_printf(b, "l%u", g->nlists);
}

static void
put_clauses(struct gen *g, struct buf *b, const char *const *const *c)
{
	struct buf	 names = { NULL, 0, 0 };
	size_t		 i;

	if (c == NULL) {
		buf_adds(b, "NULL");
		return;
	}
	buf_adds(&names, "");
	for (i = 0; c[i] != NULL; i++) {
		buf_adds(&names, "\n\t");
		put_list(g, &names, c[i]);
		buf_addc(&names, ',');
	}
	g->nlists++;
	fprintf(g->out, "static const char *const *const l%u[] = {%s\n"
	    "\tNULL\n};\n", g->nlists, names.s);
	buf_free(&names);
	buf_printf(b, "l%u", g->nlists);
}

static void
put_field(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "\t\t.%s = ", name);
	put_string(b, value);
	buf_adds(b, ",\n");
}

static void
put_origin(struct buf *b, const struct cat_origin *at)
{
	buf_adds(b, "\t\t.at = { ");
	put_string(b, at->file);
	buf_printf(b, ", %d },\n", at->line);
}

static void
gen_codes(struct gen *g, const char *name, const struct cat_code *v,
    size_t n)
{
	size_t	 i;

	buf_printf(&g->body, "static struct cat_code %s[] = {\n", name);
	for (i = 0; i < n; i++) {
		buf_adds(&g->body, "\t{\n");
		put_field(&g->body, "code", v[i].code);
		put_field(&g->body, "klass", v[i].klass);
		put_field(&g->body, "meaning", v[i].meaning);
		put_field(&g->body, "causes", v[i].causes);
		put_field(&g->body, "advice", v[i].advice);
		put_field(&g->body, "vendor", v[i].vendor);
		put_origin(&g->body, &v[i].at);
		buf_adds(&g->body, "\t},\n");
	}
	buf_adds(&g->body, "};\n\n");
}

static void
gen_reasons(struct gen *g, const struct cat_set *s)
{
	size_t	 i;

	buf_adds(&g->body, "static struct cat_reason reasons[] = {\n");
	for (i = 0; i < s->nreasons; i++) {
		const struct cat_reason	*e = &s->reasons[i];

		buf_adds(&g->body, "\t{\n");
		put_field(&g->body, "name", e->name);
		put_field(&g->body, "group", e->group);
		put_field(&g->body, "desc", e->desc);
		put_field(&g->body, "advice", e->advice);
		put_field(&g->body, "status", e->status);
		buf_printf(&g->body, "\t\t.hard = %d,\n", e->hard);
		put_origin(&g->body, &e->at);
		buf_adds(&g->body, "\t},\n");
	}
	buf_adds(&g->body, "};\n\n");
}

static void
gen_blocklists(struct gen *g, const struct cat_set *s)
{
	size_t	 i;

	buf_adds(&g->body, "static struct cat_blocklist blocklists[] = {\n");
	for (i = 0; i < s->nblocklists; i++) {
		const struct cat_blocklist	*e = &s->blocklists[i];

		buf_adds(&g->body, "\t{\n");
		put_field(&g->body, "id", e->id);
		put_field(&g->body, "name", e->name);
		buf_adds(&g->body, "\t\t.zones = ");
		put_list(g, &g->body, e->zones);
		buf_adds(&g->body, ",\n\t\t.phrases = ");
		put_list(g, &g->body, e->phrases);
		buf_adds(&g->body, ",\n\t\t.refused = ");
		put_list(g, &g->body, e->refused);
		buf_adds(&g->body, ",\n");
		put_field(&g->body, "url", e->url);
		put_field(&g->body, "advice", e->advice);
		put_origin(&g->body, &e->at);
		buf_adds(&g->body, "\t},\n");
	}
	buf_adds(&g->body, "};\n\n");
}

static void
gen_list_field(struct gen *g, const char *name, const char *const *l)
{
	buf_printf(&g->body, "\t\t.%s = ", name);
	put_list(g, &g->body, l);
	buf_adds(&g->body, ",\n");
}

static void
gen_rules(struct gen *g, const struct cat_set *s)
{
	size_t	 i;

	buf_adds(&g->body, "static struct cat_rule rules[] = {\n");
	for (i = 0; i < s->nrules; i++) {
		const struct cat_rule	*e = &s->rules[i];

		buf_adds(&g->body, "\t{\n");
		put_field(&g->body, "id", e->id);
		gen_list_field(g, "status", e->status);
		gen_list_field(g, "reply", e->reply);
		buf_adds(&g->body, "\t\t.text = ");
		put_clauses(g, &g->body, e->text);
		buf_adds(&g->body, ",\n");
		gen_list_field(g, "unless", e->unless);
		gen_list_field(g, "host", e->host);
		gen_list_field(g, "format", e->format);
		gen_list_field(g, "action", e->action);
		gen_list_field(g, "command", e->command);
		gen_list_field(g, "hint", e->hint);
		put_field(&g->body, "blocklist", e->blocklist);
		put_field(&g->body, "reason", e->reason);
		buf_printf(&g->body, "\t\t.hard = %d,\n", e->hard);
		put_field(&g->body, "advice", e->advice);
		put_field(&g->body, "provider", e->provider);
		put_origin(&g->body, &e->at);
		buf_adds(&g->body, "\t},\n");
	}
	buf_adds(&g->body, "};\n\n");
}

static void
generate(FILE *out, const struct cat_set *s)
{
	struct gen	 g = { out, { NULL, 0, 0 }, 0 };

	fputs("/* Generated by catgen from the catalog files: do not edit. */\n"
	    "#include <stddef.h>\n"
	    "#include \"catalog/catint.h\"\n\n", out);
	gen_codes(&g, "reply", s->reply, s->nreply);
	gen_codes(&g, "enhanced", s->enhanced, s->nenhanced);
	gen_reasons(&g, s);
	gen_blocklists(&g, s);
	gen_rules(&g, s);
	fputs(g.body.s, out);
	fprintf(out, "const struct cat_set cat_builtin = {\n"
	    "\t.reply = reply, .nreply = %zu,\n"
	    "\t.enhanced = enhanced, .nenhanced = %zu,\n"
	    "\t.reasons = reasons, .nreasons = %zu,\n"
	    "\t.blocklists = blocklists, .nblocklists = %zu,\n"
	    "\t.rules = rules, .nrules = %zu,\n"
	    "};\n", s->nreply, s->nenhanced, s->nreasons, s->nblocklists,
	    s->nrules);
	buf_free(&g.body);
}

static void
usage(void)
{
	fprintf(stderr, "usage: catgen -o OUT.c [-C SRCDIR] FILE...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct cat_set	 set;
	const char	*outpath = NULL, *srcdir = NULL;
	FILE		*out;
	int		 c, i, here, nerrs = 0;

	while ((c = getopt(argc, argv, "o:C:")) != -1) {
		switch (c) {
		case 'o':
			outpath = optarg;
			break;
		case 'C':
			srcdir = optarg;
			break;
		default:
			usage();
		}
	}
	if (outpath == NULL || optind == argc)
		usage();
	if ((out = fopen(outpath, "w")) == NULL) {
		fprintf(stderr, "catgen: %s: %s\n", outpath, strerror(errno));
		return 1;
	}
	if ((here = open(".", O_RDONLY | O_DIRECTORY)) == -1) {
		fprintf(stderr, "catgen: .: %s\n", strerror(errno));
		return 1;
	}
	if (srcdir != NULL && chdir(srcdir) == -1) {
		fprintf(stderr, "catgen: %s: %s\n", srcdir, strerror(errno));
		return 1;
	}
	memset(&set, 0, sizeof(set));
	for (i = optind; i < argc; i++)
		nerrs += cat_parse_file(&set, NULL, argv[i], stderr);
	nerrs += cat_check(&set, &set, 0, stderr);
	if (nerrs == 0)
		generate(out, &set);
	if (fclose(out) != 0 && nerrs == 0) {
		fprintf(stderr, "catgen: %s: %s\n", outpath, strerror(errno));
		nerrs++;
	}
	cat_set_free(&set);
	/* Leave nothing a later make could take for a good result. */
	if (nerrs > 0 && fchdir(here) == 0)
		unlink(outpath);
	close(here);
	if (nerrs > 0) {
		fprintf(stderr, "catgen: %d problem%s in the catalog files\n",
		    nerrs, nerrs == 1 ? "" : "s");
		return 1;
	}
	return 0;
}
