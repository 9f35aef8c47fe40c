/* Unit tests for the readers (src/export/table_read.c, xlsx_read.c) and the roster template. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/roster_template.h"
#include "zhibu/table_read.h"
#include "zhibu/util.h"

static char err[1024];

TEST(csv_parse_quotes_lines_and_bom)
{
    struct table t;
    const char csv[] = "\xEF\xBB\xBF姓名,备注\r\n张三,\"一，二,三\"\r\n\r\n\"李\"\"四\",\"两\r\n行\"\n,\n王五";
    CHECK_INT(csv_parse(csv, sizeof csv - 1, NULL, "f.csv", &t, err, sizeof err), 0);
    CHECK_STR(t.encoding, "UTF-8");
    CHECK_INT(t.nrows, 4); /* the blank rows dropped */
    CHECK_STR(table_text(&t.rows[0], 0), "姓名");
    CHECK_INT(t.rows[1].line, 2);
    CHECK_STR(table_text(&t.rows[1], 1), "一，二,三");
    CHECK_INT(t.rows[2].line, 4);
    CHECK_STR(table_text(&t.rows[2], 0), "李\"四");
    CHECK_STR(table_text(&t.rows[2], 1), "两\n行");
    CHECK_INT(t.rows[3].line, 7); /* after a field of two lines, and the blank row 6 */
    CHECK_STR(table_text(&t.rows[3], 0), "王五");
    table_free(&t);
}

TEST(csv_parse_gbk_detected_and_forced)
{
    struct table t;
    /* 姓名,性别\n张三,男 in GBK */
    const char gbk[] = "\xD0\xD5\xC3\xFB,\xD0\xD4\xB1\xF0\n\xD5\xC5\xC8\xFD,\xC4\xD0\n";
    CHECK_INT(csv_parse(gbk, sizeof gbk - 1, NULL, "g.csv", &t, err, sizeof err), 0);
    CHECK_STR(t.encoding, "GBK");
    CHECK_STR(table_text(&t.rows[0], 0), "姓名");
    CHECK_STR(table_text(&t.rows[1], 0), "张三");
    CHECK_STR(table_text(&t.rows[1], 1), "男");
    table_free(&t);
    CHECK_INT(csv_parse(gbk, sizeof gbk - 1, "utf-8", "g.csv", &t, err, sizeof err), -1);
    CHECK_STR(err, "文件 g.csv 不是有效的 UTF-8 文本（第 1 行）；如是 GBK 编码，请指定 GBK");
    /* neither UTF-8 nor GBK */
    const char junk[] = "\xFF\xFF\xFF,\x80\n";
    CHECK_INT(csv_parse(junk, sizeof junk - 1, NULL, "j.csv", &t, err, sizeof err), -1);
    CHECK_STR(err, "文件 j.csv 既不是 UTF-8 也不是 GBK 编码的文本（第 1 行）");
    const char utf16[] = "\xFF\xFE" "a\0b\0";
    CHECK_INT(csv_parse(utf16, sizeof utf16 - 1, NULL, "u.csv", &t, err, sizeof err), -1);
    CHECK(strstr(err, "UTF-16") != NULL);
    /* a tab-separated file */
    const char tsv[] = "姓名\t性别\n张三\t男\n";
    CHECK_INT(csv_parse(tsv, sizeof tsv - 1, NULL, "t.txt", &t, err, sizeof err), 0);
    CHECK_STR(table_text(&t.rows[1], 1), "男");
    table_free(&t);
}

static void write_file(const char *path, const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fwrite(bytes, 1, n, f);
    fclose(f);
}

TEST(table_read_refuses_bad_files)
{
    const char *dir = test_tmpdir();
    struct table t;
    char *missing = xasprintf("%s/none.xlsx", dir);
    CHECK_INT(table_read_file(missing, NULL, &t, err, sizeof err), -1);
    char *want = xasprintf("找不到文件 %s", missing);
    CHECK_STR(err, want);
    free(want);
    char *empty = xasprintf("%s/empty.csv", dir);
    write_file(empty, "", 0);
    CHECK_INT(table_read_file(empty, NULL, &t, err, sizeof err), -1);
    want = xasprintf("文件 %s 是空的", empty);
    CHECK_STR(err, want);
    free(want);
    char *notzip = xasprintf("%s/a.xlsx", dir);
    write_file(notzip, "姓名\n", 7);
    CHECK_INT(table_read_file(notzip, NULL, &t, err, sizeof err), -1);
    CHECK(strstr(err, "不是有效的 .xlsx 文件（不是 zip 格式，或已损坏）") != NULL);
    char *cut = xasprintf("%s/cut.xlsx", dir);
    write_file(cut, "PK\x03\x04garbage", 11);
    CHECK_INT(table_read_file(cut, NULL, &t, err, sizeof err), -1);
    CHECK(strstr(err, "不是有效的 .xlsx 文件") != NULL);
    CHECK_INT(table_read_file(dir, NULL, &t, err, sizeof err), -1);
    CHECK(strstr(err, "是一个文件夹") != NULL);
    free(missing);
    free(empty);
    free(notzip);
    free(cut);
}

/* The template as written by libxlsxwriter (inline strings, a date-formatted number) is read
 * back by the workbook reader: its header, its sample, its second sheet by name. */
TEST(xlsx_read_the_template)
{
    const char *dir = test_tmpdir();
    char *path = xasprintf("%s/模板.xlsx", dir);
    CHECK_INT(roster_template_write(path, err, sizeof err), 0);
    struct table t;
    CHECK_INT(table_read_file(path, NULL, &t, err, sizeof err), 0);
    CHECK_STR(t.sheet, "党员名册");
    CHECK_INT(t.nrows, 2);
    if (t.nrows == 2) {
        CHECK_INT(t.rows[0].line, 1);
        CHECK_STR(table_text(&t.rows[0], 0), "姓名");
        CHECK_STR(table_text(&t.rows[0], 12), "人员类别"); /* issue 19 */
        CHECK_STR(table_text(&t.rows[0], 14), "备注");
        CHECK_STR(table_text(&t.rows[1], 0), "张卫东");
        CHECK_INT(t.rows[1].cells[2].kind, TABLE_DATE);
        CHECK_STR(table_text(&t.rows[1], 2), "27455"); /* 1975-03-02 */
        CHECK_STR(table_text(&t.rows[1], 5), "13812345678");
    }
    table_free(&t);
    CHECK_INT(xlsx_read(path, "填写说明", &t, err, sizeof err), 0);
    CHECK_STR(t.sheet, "填写说明");
    CHECK_STR(table_text(&t.rows[0], 2), "可填写的内容");
    table_free(&t);
    CHECK_INT(xlsx_read(path, "第三页", &t, err, sizeof err), -1);
    char *want = xasprintf("文件 %s 中没有名为“第三页”的工作表（有：党员名册、填写说明）", path);
    CHECK_STR(err, want);
    free(want);
    free(path);
}
