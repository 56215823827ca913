/*
 * test_http_gzip.c - the cache of compressed bodies (http_gzip.h): a shared
 * body is compressed once and found again by its address while the cache
 * holds its reference; the reference is given back exactly once (when the
 * entry is evicted or the cache let go, after the last response); a body
 * that would not shrink is refused and its reference left to the caller; a
 * file is found again until it changes; what is kept stays within
 * HTTP_GZIP_CACHED entries.
 * Not for: which answers are compressed (tests/http/test_http_gzip.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "http/http_gzip.h"

/* A shared body with a reference count, as the evaluation cache gives one. */
typedef struct body {
	int refs;
	int released; /* times its last reference went */
	char data[4096];
} body;

static void body_release(void *ctx)
{
	body *b = ctx;
	if (--b->refs == 0)
		b->released++;
}

static void body_fill(body *b, char c)
{
	memset(b, 0, sizeof *b);
	for (size_t i = 0; i < sizeof b->data; i++)
		b->data[i] = (char)(c + (char)(i % 7));
}

/* gz[0..n) unzips to exactly want[0..want_n). */
static void assert_unzips_to(const char *gz, size_t n, const char *want, size_t want_n)
{
	char *out = malloc(want_n + 16);
	assert_non_null(out);
	z_stream z;
	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)(uintptr_t)gz;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)(want_n + 16);
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, want_n);
	assert_memory_equal(out, want, want_n);
	inflateEnd(&z);
	free(out);
}

static void a_shared_body_is_compressed_once_and_released_once(void **state)
{
	(void)state;
	http_gzip_cache c;
	http_gzip_cache_init(&c);
	body b;
	body_fill(&b, 'a');
	b.refs = 2; /* the evaluation cache's and the first request's */
	http_gzip_key k = http_gzip_key_shared(b.data, sizeof b.data);
	const char *gz = NULL, *gz2 = NULL;
	size_t n = 0, n2 = 0;
	void *ref = NULL, *ref2 = NULL;
	assert_false(http_gzip_find(&c, &k, &gz, &n, &ref));
	assert_int_equal(http_gzip_keep(&c, &k, b.data, sizeof b.data, body_release, &b, &gz, &n, &ref), 0);
	assert_true(n < sizeof b.data);
	assert_unzips_to(gz, n, b.data, sizeof b.data);
	http_gzip_release(ref); /* the first response sent */
	assert_int_equal(b.refs, 2); /* the cache kept the request's reference */

	b.refs++; /* a second request: found, the same bytes */
	assert_true(http_gzip_find(&c, &k, &gz2, &n2, &ref2));
	assert_ptr_equal(gz2, gz);
	body_release(&b); /* http.c gives its own reference back on a hit */
	http_gzip_release(ref2);
	assert_int_equal(b.refs, 2);

	body_release(&b); /* the evaluation cache evicts it: the gzip cache still holds it */
	assert_int_equal(b.released, 0);
	http_gzip_cache_free(&c);
	assert_int_equal(b.refs, 0);
	assert_int_equal(b.released, 1);
}

static void another_address_is_another_body(void **state)
{
	(void)state;
	http_gzip_cache c;
	http_gzip_cache_init(&c);
	body a, b;
	body_fill(&a, 'a');
	body_fill(&b, 'a'); /* the same bytes elsewhere */
	a.refs = b.refs = 1;
	http_gzip_key ka = http_gzip_key_shared(a.data, sizeof a.data);
	http_gzip_key kb = http_gzip_key_shared(b.data, sizeof b.data);
	const char *gz;
	size_t n;
	void *ref;
	assert_int_equal(http_gzip_keep(&c, &ka, a.data, sizeof a.data, body_release, &a, &gz, &n, &ref), 0);
	http_gzip_release(ref);
	assert_false(http_gzip_find(&c, &kb, &gz, &n, &ref));
	http_gzip_key shorter = http_gzip_key_shared(a.data, sizeof a.data - 1);
	assert_false(http_gzip_find(&c, &shorter, &gz, &n, &ref));
	http_gzip_cache_free(&c);
	assert_int_equal(a.released, 1);
	assert_int_equal(b.released, 0);
}

static void a_body_that_would_not_shrink_is_left_to_the_caller(void **state)
{
	(void)state;
	http_gzip_cache c;
	http_gzip_cache_init(&c);
	body b;
	memset(&b, 0, sizeof b);
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof b.data; i++) { /* xorshift: incompressible */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b.data[i] = (char)(x & 0xff);
	}
	b.refs = 1;
	http_gzip_key k = http_gzip_key_shared(b.data, sizeof b.data);
	const char *gz = NULL;
	size_t n = 0;
	void *ref = NULL;
	assert_int_equal(http_gzip_keep(&c, &k, b.data, sizeof b.data, body_release, &b, &gz, &n, &ref), -1);
	assert_int_equal(b.refs, 1); /* still the caller's, to send as it is */
	assert_false(http_gzip_find(&c, &k, &gz, &n, &ref));
	http_gzip_cache_free(&c);
	assert_int_equal(b.refs, 1);
}

static void the_least_recently_used_goes_first(void **state)
{
	(void)state;
	http_gzip_cache c;
	http_gzip_cache_init(&c);
	static body bs[HTTP_GZIP_CACHED + 1];
	const char *gz;
	size_t n;
	void *ref;
	for (size_t i = 0; i <= HTTP_GZIP_CACHED; i++) {
		body_fill(&bs[i], (char)('A' + i));
		bs[i].refs = 1;
		http_gzip_key k = http_gzip_key_shared(bs[i].data, sizeof bs[i].data);
		assert_int_equal(http_gzip_keep(&c, &k, bs[i].data, sizeof bs[i].data, body_release, &bs[i], &gz, &n,
						&ref), 0);
		http_gzip_release(ref);
		if (i == 1) { /* the first used again: the second is then the oldest */
			http_gzip_key k0 = http_gzip_key_shared(bs[0].data, sizeof bs[0].data);
			assert_true(http_gzip_find(&c, &k0, &gz, &n, &ref));
			http_gzip_release(ref);
		}
	}
	assert_int_equal(bs[0].released, 0);
	assert_int_equal(bs[1].released, 1);
	for (size_t i = 2; i <= HTTP_GZIP_CACHED; i++)
		assert_int_equal(bs[i].released, 0);
	http_gzip_cache_free(&c);
	for (size_t i = 0; i <= HTTP_GZIP_CACHED; i++)
		assert_int_equal(bs[i].released, 1);
}

static void a_file_is_found_again_until_it_changes(void **state)
{
	(void)state;
	char path[] = "/tmp/test_http_gzip_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char text[3000];
	memset(text, 'x', sizeof text);
	assert_int_equal(write(fd, text, sizeof text), (ssize_t)sizeof text);
	http_gzip_cache c;
	http_gzip_cache_init(&c);
	http_gzip_key k, k2;
	assert_true(http_gzip_key_file(fd, &k));
	const char *gz;
	size_t n;
	void *ref;
	assert_int_equal(http_gzip_keep(&c, &k, text, sizeof text, NULL, NULL, &gz, &n, &ref), 0);
	http_gzip_release(ref);
	assert_true(http_gzip_key_file(fd, &k2));
	assert_true(http_gzip_find(&c, &k2, &gz, &n, &ref));
	assert_unzips_to(gz, n, text, sizeof text);
	http_gzip_release(ref);
	assert_int_equal(write(fd, "y", 1), 1); /* changed: another size */
	assert_true(http_gzip_key_file(fd, &k2));
	assert_false(http_gzip_find(&c, &k2, &gz, &n, &ref));
	http_gzip_cache_free(&c);
	close(fd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_shared_body_is_compressed_once_and_released_once),
		cmocka_unit_test(another_address_is_another_body),
		cmocka_unit_test(a_body_that_would_not_shrink_is_left_to_the_caller),
		cmocka_unit_test(the_least_recently_used_goes_first),
		cmocka_unit_test(a_file_is_found_again_until_it_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
