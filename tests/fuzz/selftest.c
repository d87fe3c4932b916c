/*
 * selftest.c: the fuzz targets' output checkers (fuzzutil.c) accept what
 * the export may write and reject each thing it must never write.  Each
 * rejected case runs in a child, which must die by abort().
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/fuzz/fuzz.h"

static int	 failures, passes;

/* Run the checker KIND on TEXT in a child; did it reject (abort)? */
static int
rejects(char kind, const char *text, size_t nfields)
{
	pid_t	 pid;
	int	 status;

	fflush(stdout);
	if ((pid = fork()) == -1) {
		perror("fork");
		return -1;
	}
	if (pid == 0) {
		/* The child's abort() message is expected: keep it quiet. */
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(3);
		if (kind == 'j')
			fuzz_check_json(text, strlen(text));
		else
			fuzz_check_csv(text, strlen(text), nfields);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void
expect(char kind, const char *text, size_t nfields, int reject,
    const char *what)
{
	if (rejects(kind, text, nfields) == reject) {
		passes++;
		printf("ok: %s\n", what);
	} else {
		failures++;
		printf("FAIL: %s: %s\n", what, reject ? "accepted" : "rejected");
	}
}

int
main(void)
{
	unsigned char	 c1[] = { 0xc2, 0x9b }, rlo[] = { 0xe2, 0x80, 0xae };
	unsigned char	 e9[] = { 0xc3, 0xa9 };

	expect('j', "{\"a\":\"x\\u001b[2J\",\"b\":null,\"c\":[1,true]}\n", 0, 0,
	    "JSON with escaped controls");
	expect('j', "{\"a\":\"caf\xc3\xa9 \\u202e\",\"o\":{\"n\":-12}}\n"
	    "{}\n", 0, 0, "JSON with UTF-8 text, two lines");
	expect('j', "{\"a\":\"\x1b[2J\"}\n", 0, 1, "JSON with a raw ESC");
	expect('j', "{\"a\":\"\x7f\"}\n", 0, 1, "JSON with a raw DEL");
	expect('j', "{\"a\":\"\xc2\x9b\"}\n", 0, 1, "JSON with a raw C1");
	expect('j', "{\"a\":\"\xe2\x80\xae\"}\n", 0, 1, "JSON with a raw RLO");
	expect('j', "{\"a\":\"\xff\"}\n", 0, 1, "JSON with invalid UTF-8");
	expect('j', "{\"a\":\"\xc0\xaf\"}\n", 0, 1, "JSON with an overlong");
	expect('j', "{\"a\":\"\xed\xa0\x80\"}\n", 0, 1, "JSON with a surrogate");
	expect('j', "{\"a\":\"x\"}", 0, 1, "JSON without the last newline");
	expect('j', "{\"a\":\"x}\n", 0, 1, "JSON with an open string");
	expect('j', "{\"a\":1,}\n", 0, 1, "JSON with a trailing comma");
	expect('j', "{\"a\":\"\\x\"}\n", 0, 1, "JSON with a bad escape");
	expect('j', "{\"a\":01}\n", 0, 1, "JSON with a leading zero");
	expect('j', "{\"a\":1} x\n", 0, 1, "JSON with text after the object");

	expect('c', "a,b,c\r\n1,\"x,\"\"y\"\"\",'=1\r\n", 3, 0,
	    "CSV with quoting and a neutralised formula");
	expect('c', "a,b\n\"multi\nline\",\"caf\xc3\xa9\"\n", 2, 0,
	    "CSV with a line end inside quotes");
	expect('c', "a,b\r\nx\ty,z\r\n", 2, 0, "CSV with a TAB inside a cell");
	expect('c', "a,b\r\n1,2,3\r\n", 2, 1, "CSV row too wide");
	expect('c', "a,b\r\n=1+1,x\r\n", 2, 1, "CSV formula =");
	expect('c', "a,b\r\nx,\"+1\"\r\n", 2, 1, "CSV formula + quoted");
	expect('c', "a,b\r\n-1,x\r\n", 2, 1, "CSV formula -");
	expect('c', "a,b\r\n@x,x\r\n", 2, 1, "CSV formula @");
	expect('c', "a,b\r\n\"\tx\",x\r\n", 2, 1, "CSV cell starting with TAB");
	expect('c', "a,b\r\nx\"y,x\r\n", 2, 1, "CSV quote in an unquoted cell");
	expect('c', "a,b\r\n\"x,x\r\n", 2, 1, "CSV open quote");
	expect('c', "a,b\r\n\"\x1b[2J\",x\r\n", 2, 1, "CSV raw ESC");
	expect('c', "a,b\r\n\"\xc2\x9b\",x\r\n", 2, 1, "CSV raw C1");
	expect('c', "a,b\r\nx,y", 2, 1, "CSV without the last line end");

	if (!fuzz_is_hidden(c1, 2) || !fuzz_is_hidden(rlo, 3) ||
	    fuzz_is_hidden(e9, 2)) {
		failures++;
		printf("FAIL: fuzz_is_hidden\n");
	} else {
		passes++;
		printf("ok: fuzz_is_hidden\n");
	}
	printf("%d passed, %d failed\n", passes, failures);
	return failures ? 1 : 0;
}
