#include <stdlib.h>

#include "test.h"
#include "zhibu/flatjson.h"

TEST(flatjson_strings_numbers_null)
{
    struct flatjson_pair p[8];
    int n = flatjson_parse("{\"name\":\"王小明\",\"mobile\":1, \"full_date\":null,\"note\":\"a\\\"b\\n\\u4e2d\"}", p, 8);
    CHECK_INT(n, 4);
    CHECK_STR(flatjson_get(p, n, "name"), "王小明");
    CHECK_STR(flatjson_get(p, n, "mobile"), "1");
    CHECK_STR(flatjson_get(p, n, "full_date"), "");
    CHECK_STR(flatjson_get(p, n, "note"), "a\"b\n中");
    CHECK(flatjson_get(p, n, "absent") == NULL);
    flatjson_free(p, n);
}

TEST(flatjson_surrogate_pair_and_empty)
{
    struct flatjson_pair p[2];
    int n = flatjson_parse("{\"k\":\"\\ud83d\\ude00\"}", p, 2);
    CHECK_INT(n, 1);
    CHECK_STR(flatjson_get(p, n, "k"), "\xF0\x9F\x98\x80");
    flatjson_free(p, n);
    CHECK_INT(flatjson_parse(" { } ", p, 2), 0);
}

TEST(flatjson_rejects_malformed)
{
    struct flatjson_pair p[4];
    CHECK_INT(flatjson_parse("", p, 4), -1);
    CHECK_INT(flatjson_parse(NULL, p, 4), -1);
    CHECK_INT(flatjson_parse("[1,2]", p, 4), -1);
    CHECK_INT(flatjson_parse("{\"a\":\"unterminated}", p, 4), -1);
    CHECK_INT(flatjson_parse("{\"a\" 1}", p, 4), -1);
    CHECK_INT(flatjson_parse("{\"a\":\"\\x\"}", p, 4), -1);
    CHECK_INT(flatjson_parse("{\"a\":1,}", p, 4), -1);
}

TEST(flatjson_more_pairs_than_room)
{
    struct flatjson_pair p[2];
    int n = flatjson_parse("{\"a\":1,\"b\":2,\"c\":3}", p, 2);
    CHECK_INT(n, 2);
    CHECK_STR(flatjson_get(p, n, "b"), "2");
    flatjson_free(p, n);
}

TEST(flatjson_nested_values_kept_raw)
{
    struct flatjson_pair p[4];
    int n = flatjson_parse("{\"a\":[{\"m\":\"出席\",\"r\":\"x]}\\\"\"}],\"b\":{\"c\":1},\"d\":2}", p, 4);
    CHECK_INT(n, 3);
    CHECK_STR(flatjson_get(p, n, "a"), "[{\"m\":\"出席\",\"r\":\"x]}\\\"\"}]");
    CHECK_STR(flatjson_get(p, n, "b"), "{\"c\":1}");
    CHECK_STR(flatjson_get(p, n, "d"), "2");
    flatjson_free(p, n);
    CHECK_INT(flatjson_parse("{\"a\":[1,2}", p, 4), -1);
}

TEST(flatjson_string_arrays)
{
    char **items = NULL;
    int n = flatjson_strings(" [\"10月未召开支部委员会\", \"a\\\"b\", \"\"] ", &items);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(items[0], "10月未召开支部委员会");
        CHECK_STR(items[1], "a\"b");
        CHECK_STR(items[2], "");
    }
    for (int i = 0; i < n; i++) free(items[i]);
    free(items);
    CHECK_INT(flatjson_strings("[]", &items), 0);
    free(items);
    CHECK_INT(flatjson_strings("[1]", &items), -1);
    CHECK_INT(flatjson_strings("[\"a\",]", &items), -1);
    CHECK_INT(flatjson_strings("[\"a\"] x", &items), -1);
    CHECK_INT(flatjson_strings("{\"a\":1}", &items), -1);
    CHECK_INT(flatjson_strings("[\"raw\ttab\"]", &items), -1); /* control characters must be escaped */
}

/* The attendance and resolutions the history keeps: an array of objects, each read in turn. */
TEST(flatjson_object_arrays)
{
    char **items = NULL;
    int n = flatjson_objects(" [{\"seq\":1,\"text\":\"同意]}{\\\"\"},{\"seq\":2,\"text\":\"乙\"}] ", &items);
    CHECK_INT(n, 2);
    if (n == 2) {
        struct flatjson_pair p[4];
        int k = flatjson_parse(items[0], p, 4);
        CHECK_INT(k, 2);
        CHECK_STR(flatjson_get(p, k, "text"), "同意]}{\"");
        flatjson_free(p, k);
        CHECK_STR(items[1], "{\"seq\":2,\"text\":\"乙\"}");
    }
    for (int i = 0; i < n; i++) free(items[i]);
    free(items);
    CHECK_INT(flatjson_objects("[]", &items), 0);
    free(items);
    CHECK_INT(flatjson_objects("[1]", &items), -1);
    CHECK_INT(flatjson_objects("[\"a\"]", &items), -1);
    CHECK_INT(flatjson_objects("[{\"a\":1},]", &items), -1);
    CHECK_INT(flatjson_objects("[{\"a\":1}", &items), -1);
    CHECK_INT(flatjson_objects("[{\"a\":1}] x", &items), -1);
    CHECK_INT(flatjson_objects("", &items), -1);
    CHECK_INT(flatjson_objects(NULL, &items), -1);
}
