/* The user manual (README.md, "## 使用说明") and F1 (issue 15): every screen of the program names
 * the manual's section that explains it (screen_ops.manual), that section exists as a "### "
 * heading under "## 使用说明", and the screen's F1 help ends with the pointer to it. The README is
 * read from $ROOT (tests/run-all.sh exports it) or the current directory (the repository). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/screens.h"

/* The manual's sections, in this order (other screens point at them by name). */
static const char *const sections[] = {
    "安装", "第一次使用", "首页与按键", "三会一课", "党员名册", "导入党员名册", "发展党员", "党费", "设岗定责",
    "支部信息、党小组与支部委员会", "月审月报（支部）", "月审月报（乡镇审查员）", "复审（区委组织部）",
    "督查", "通报（区委组织部）", "交换数据包",
    "备份与恢复", "系统管理与账号", "导出与打印", "出了问题怎么办", "命令行", NULL,
};

static char *repo_path(const char *rel)
{
    const char *root = getenv("ROOT");
    if (!root || !*root) root = ".";
    size_t n = strlen(root) + strlen(rel) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", root, rel);
    return p;
}

/* README.md's "## 使用说明" part (up to the next "## " heading), NUL-terminated; NULL (and the
 * test failed) when the file or the part is missing. */
static char *manual_part(void)
{
    char *path = repo_path("README.md");
    size_t n = 0;
    unsigned char *buf = test_slurp(path, &n);
    free(path);
    if (!buf) return NULL;
    char *text = malloc(n + 1);
    memcpy(text, buf, n);
    text[n] = '\0';
    free(buf);
    char *start = strstr(text, "\n## 使用说明\n");
    if (!start) {
        test_fail(__FILE__, __LINE__, "README.md has no \"## 使用说明\" part");
        free(text);
        return NULL;
    }
    start++;
    char *end = strstr(start + 1, "\n## ");
    size_t len = end ? (size_t)(end - start) + 1 : strlen(start);
    char *part = malloc(len + 1);
    memcpy(part, start, len);
    part[len] = '\0';
    free(text);
    return part;
}

/* Whether the part holds the line "### name". */
static bool has_heading(const char *part, const char *name)
{
    char line[256];
    snprintf(line, sizeof line, "\n### %s\n", name);
    return strstr(part, line) != NULL;
}

TEST(manual_sections_in_readme)
{
    char *part = manual_part();
    if (!part) return;
    /* exactly these "### " headings, in this order */
    const char *p = part;
    int i = 0;
    while ((p = strstr(p, "\n### ")) != NULL) {
        p += 5;
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (!sections[i])
            test_fail(__FILE__, __LINE__, "an extra heading \"### %.*s\"", (int)len, p);
        else if (strlen(sections[i]) != len || strncmp(p, sections[i], len) != 0)
            test_fail(__FILE__, __LINE__, "heading %d is \"%.*s\", expected \"%s\"", i + 1, (int)len, p,
                      sections[i]);
        if (sections[i]) i++;
    }
    if (sections[i]) test_fail(__FILE__, __LINE__, "the manual lacks \"### %s\"", sections[i]);
    free(part);
}

TEST(manual_every_screen_points_to_its_section)
{
    char *part = manual_part();
    if (!part) return;
    int screens = 0;
    for (int i = 0; screens_all[i]; i++, screens++) {
        const struct screen_ops *ops = screens_all[i];
        if (!ops->manual || !ops->manual[0]) {
            test_fail(__FILE__, __LINE__, "%s: no .manual (the section of README.md's 使用说明)", ops->name);
            continue;
        }
        if (!has_heading(part, ops->manual))
            test_fail(__FILE__, __LINE__, "%s: .manual \"%s\" is no \"### \" heading under \"## 使用说明\"",
                      ops->name, ops->manual);
        /* F1 ends with the pointer */
        char *help = screen_help_text(ops);
        char want[256];
        snprintf(want, sizeof want, "详见使用说明「%s」（README.md，或 man zhibu）", ops->manual);
        const char *at = strstr(help, want);
        if (!at)
            test_fail(__FILE__, __LINE__, "%s: F1 lacks \"%s\"", ops->name, want);
        else if (strchr(at, '\n') && strchr(at, '\n')[1])
            test_fail(__FILE__, __LINE__, "%s: the manual's pointer is not F1's last line", ops->name);
        free(help);
    }
    CHECK(screens > 0);
    free(part);
}

/* screens_all is the list of every screen: each "const struct screen_ops NAME_screen = {" in
 * src/screens/ is in it (so a new screen cannot miss the checks above). */
TEST(manual_screens_all_lists_every_screen)
{
    char *dir = repo_path("src/screens");
    DIR *d = opendir(dir);
    if (!d) {
        test_fail(__FILE__, __LINE__, "cannot read %s", dir);
        free(dir);
        return;
    }
    int defined = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        unsigned char *buf = test_slurp(path, &len);
        if (!buf) continue;
        char *text = malloc(len + 1);
        memcpy(text, buf, len);
        text[len] = '\0';
        free(buf);
        const char *key = "\nconst struct screen_ops ";
        for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
            char name[128];
            if (sscanf(p + strlen(key), "%127[a-z_0-9] = {", name) != 1) continue;
            if (strstr(p + strlen(key), " = {") != p + strlen(key) + strlen(name)) continue;
            defined++;
            bool listed = false;
            size_t base = strlen(name) > 7 ? strlen(name) - 7 : 0; /* "_screen" */
            for (int i = 0; screens_all[i]; i++)
                if (strlen(screens_all[i]->name) == base && strncmp(screens_all[i]->name, name, base) == 0)
                    listed = true;
            if (!listed) test_fail(__FILE__, __LINE__, "%s (%s) is not in screens_all", name, e->d_name);
        }
        free(text);
    }
    closedir(d);
    free(dir);
    int listed = 0;
    while (screens_all[listed]) listed++;
    CHECK_INT(defined, listed);
}
