/* flatjson.h — reads the flat JSON objects the edit history keeps ({"key": value, ...}, values
 * strings, numbers or null), so that a change can be shown field by field (core: pure). */
#ifndef ZHIBU_FLATJSON_H
#define ZHIBU_FLATJSON_H

#include <stddef.h>

struct flatjson_pair {
    char *key;   /* heap */
    char *value; /* heap, "" for null */
};

/* Parse json into at most max pairs; returns the number parsed, or -1 if json is not a flat
 * object. A nested array or object value is kept as its raw JSON text. Free with
 * flatjson_free. */
int flatjson_parse(const char *json, struct flatjson_pair *out, int max);
void flatjson_free(struct flatjson_pair *pairs, int n);
/* A JSON array of strings (["a", "b"]) into a heap array of heap strings (*out; free each
 * and the array); returns the count, or -1 if json is not such an array. */
int flatjson_strings(const char *json, char ***out);
/* A JSON array of objects ([{...}, {...}]) into a heap array of each object's raw text (*out;
 * free each and the array), for flatjson_parse one by one; returns the count, or -1 if json is
 * not such an array. */
int flatjson_objects(const char *json, char ***out);
/* The value for key, or NULL. */
const char *flatjson_get(const struct flatjson_pair *pairs, int n, const char *key);

#endif
