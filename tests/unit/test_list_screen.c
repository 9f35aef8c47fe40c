/* The list screen's defaults (src/screens/list_screen.c): open sets the list from the spec and
 * loads it, the list's own keys move the selection, any other action goes to the spec's act,
 * reload keeps the selection in range, close releases; and a screen's .back is F1's Esc line
 * after its actions (the loop closes the screen on Esc). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/list_screen.h"
#include "zhibu/screen.h"
#include "zhibu/ui.h"
#include "zhibu/widgets.h"

struct fake {
    struct ui_list list; /* first, as every list screen's state */
    int rows, loads, acts, released;
    bool refuse;
};

static int fake_init(struct screen *s, void *arg)
{
    struct fake *f = s->state;
    f->rows = *(const int *)arg;
    return f->refuse ? -1 : 0;
}
static int fake_load(struct screen *s)
{
    struct fake *f = s->state;
    f->loads++;
    return f->rows;
}
static enum ui_attr fake_header(struct screen *s, char *buf, size_t bufsz)
{
    (void)s;
    snprintf(buf, bufsz, "头");
    return UA_HEADER;
}
static void fake_cell(void *ctx, int row, int column, char *buf, size_t bufsz)
{
    (void)ctx;
    snprintf(buf, bufsz, "%d.%d", row, column);
}
static int fake_act(struct screen *s, const struct ui_action *act)
{
    struct fake *f = s->state;
    f->acts++;
    return act->id == 7 ? SR_BACK : SR_REDRAW;
}
static void fake_release(struct screen *s)
{
    struct fake *f = s->state;
    f->released++;
}

static const struct ui_column fake_columns[] = {{.title = "甲", .width = 4}, {.title = "乙", .width = 4}};
static const struct ui_action fake_actions[] = {
    {.id = 7, .key = UK_F(2), .label = "新增", .help = "新增一行", .perm = STORE_PERM_ANY},
    {0},
};
static const struct list_screen fake_list = {
    .columns = fake_columns, .ncolumns = 2, .empty_text = "（空）", .init = fake_init, .load = fake_load,
    .header = fake_header, .cell = fake_cell, .act = fake_act, .release = fake_release,
};
static const struct screen_ops fake_screen = {
    .name = "fake", .title = "测试", .state_size = sizeof(struct fake), .actions = fake_actions,
    .back = "返回测试", LIST_SCREEN_OPS(fake_list), .resume = list_screen_reload,
};

TEST(list_screen_defaults)
{
    struct fake f = {0};
    struct screen s = {.ops = &fake_screen, .state = &f};
    int rows = 3;
    CHECK_INT(list_screen_open(&s, &rows), 0);
    CHECK_INT(f.loads, 1);
    CHECK_INT(f.list.count, 3);
    CHECK_INT(f.list.sel, 0);
    CHECK(f.list.ctx == &f && f.list.columns == fake_columns && f.list.ncolumns == 2);
    CHECK_STR(f.list.empty_text, "（空）");
    CHECK(f.list.cell == fake_cell);
    CHECK_INT(list_screen_sel(&s), 0);
    /* the list's keys; a key that is nobody's */
    CHECK_INT(list_screen_handle(&s, UK_DOWN, NULL), SR_REDRAW);
    CHECK_INT(list_screen_handle(&s, UK_END, NULL), SR_REDRAW);
    CHECK_INT(list_screen_sel(&s), 2);
    CHECK_INT(list_screen_handle(&s, 'q', NULL), SR_NONE);
    CHECK_INT(f.acts, 0);
    /* the screen's own action */
    CHECK_INT(list_screen_handle(&s, UK_F(2), &fake_actions[0]), SR_BACK);
    CHECK_INT(f.acts, 1);
    /* fewer rows after a write: the selection stays in range; none: -1 */
    f.rows = 1;
    list_screen_reload(&s);
    CHECK_INT(f.loads, 2);
    CHECK_INT(list_screen_sel(&s), 0);
    f.rows = 0;
    s.ops->resume(&s);
    CHECK_INT(list_screen_sel(&s), -1);
    list_screen_close(&s);
    CHECK_INT(f.released, 1);
}

TEST(list_screen_init_refuses)
{
    struct fake f = {.refuse = true};
    struct screen s = {.ops = &fake_screen, .state = &f};
    int rows = 3;
    CHECK_INT(list_screen_open(&s, &rows), -1);
    CHECK_INT(f.loads, 0); /* nothing loaded; the loop then calls close */
}

TEST(list_screen_back_is_f1s_esc_line)
{
    char *help = screen_help_text(&fake_screen);
    const char *action = strstr(help, "新增 — 新增一行");
    const char *esc = strstr(help, "  Esc            返回测试\n");
    const char *common = strstr(help, "各画面通用");
    CHECK(action && esc && common);
    CHECK(action < esc && esc < common);
    free(help);
}
