/* Unit tests of the messages module (msg.h, issue 16 item 6): a store failure said in one
 * sentence — the failure named once, full-width colons, a whole sentence standing alone, never
 * cut inside a character, bad input (no message, no lead) still a sentence. */
#include <string.h>

#include "test.h"
#include "zhibu/msg.h"
#include "zhibu/store.h"

static struct store_error err_of(int code, const char *message, const char *what)
{
    return (struct store_error){.code = code, .message = message, .what = what, .table = "",
                                .field = "", .label = NULL, .sqlite_code = 0};
}

TEST(msg_failure_named_once_with_the_more_precise_name)
{
    char m[MSG_MAX];
    struct store_error e = err_of(STORE_ERR, "保存会议记录失败: disk I/O error", "保存会议记录");
    CHECK_STR(msg_store_failure(m, sizeof m, "保存失败", &e), "保存会议记录失败：disk I/O error");
    e = err_of(STORE_ERR_CONSTRAINT, "党小组名称 一组 已存在", "");
    CHECK_STR(msg_store_failure(m, sizeof m, "未保存", &e), "未保存：党小组名称 一组 已存在");
    CHECK_STR(msg_store_failure(m, sizeof m, "", &e), "党小组名称 一组 已存在");
    CHECK_STR(msg_store_failure(m, sizeof m, NULL, &e), "党小组名称 一组 已存在");
}

TEST(msg_whole_sentence_stands_alone)
{
    char m[MSG_MAX];
    struct store_error e = err_of(STORE_ERR, "磁盘已满，未保存；已保存的内容没有丢失", "");
    CHECK_STR(msg_store_failure(m, sizeof m, "保存失败", &e), "磁盘已满，未保存；已保存的内容没有丢失");
}

TEST(msg_bad_input_still_a_sentence_never_cut_inside_a_character)
{
    char m[MSG_MAX];
    CHECK_STR(msg_store_failure(m, sizeof m, "读取失败", NULL), "读取失败：未知错误");
    struct store_error e = err_of(STORE_ERR, "", "");
    CHECK_STR(msg_store_failure(m, sizeof m, "读取失败", &e), "读取失败：未知错误");
    e = err_of(STORE_ERR, "支部不存在", "");
    char small[11]; /* "读取失败：" is 15 bytes: 10 bytes hold three characters, never half of one */
    msg_store_failure(small, sizeof small, "读取失败", &e);
    CHECK_STR(small, "读取失");
    CHECK_STR(msg_store_failure(m, 0, "读取失败", &e), m); /* n == 0: nothing written, no crash */
}
