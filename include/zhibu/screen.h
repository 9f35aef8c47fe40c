/* screen.h — the contract between a screen and the main loop (ui/loop.c), and the
 * application context every screen sees. One screen, one file in src/screens/, filled in
 * with designated initializers. Every action a screen offers is declared once in its
 * action table: the key bar, the F1 help and the key handling all come from it, and each
 * action names who may use it (perm, asked of the store: store_may). The key bar and F1 show a
 * user only the actions they may use; a key they may not use is refused by the loop with a
 * status line ("v 意见不可用：只有审查员能作出评审结论") before the screen sees it, so no dialog
 * opens for what the store would refuse. */
#ifndef ZHIBU_SCREEN_H
#define ZHIBU_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zhibu/store_auth.h"
#include "zhibu/ui.h"

struct store;
struct config;
struct rules;
struct screen;
struct list_screen;

enum screen_result {
    SR_NONE = 0, /* nothing changed */
    SR_REDRAW,   /* redraw */
    SR_BACK,     /* close this screen, back to the one below */
    SR_QUIT,     /* leave the program (the loop asks first if anything is unsaved) */
};

struct ui_action {
    int id;              /* the screen's own action number (> 0) */
    int key;             /* primary key, e.g. UK_F(2) */
    int key2;            /* alternate key or 0, e.g. '/' for search */
    const char *label;   /* short Chinese label for the key bar, e.g. "新建"; NULL = not in bar */
    const char *help;    /* one Chinese sentence for F1 */
    enum store_perm perm; /* who may use it, for the screen's branch (screen_ops.branch); every
                             action names one (STORE_PERM_ANY for looking and moving) */
};

struct screen_ops {
    const char *name;        /* English id, e.g. "roster" */
    const char *title;       /* Chinese title, e.g. "党员名册" */
    const char *help_intro;  /* a paragraph at the top of F1 help, may be NULL */
    const char *manual;      /* the section of the user manual that explains the screen: a "### "
                                heading under "## 使用说明" in README.md, e.g. "党员名册"; F1 ends
                                with a pointer to it (tests/unit/test_manual.c checks it exists) */
    size_t state_size;       /* the loop allocates (zeroed) and frees the state */
    const struct ui_action *actions; /* ends with an entry whose id is 0 */
    /* Returns 0, or -1 with app_error() set (the screen is then not shown). */
    int (*open)(struct screen *s, void *arg);
    void (*draw)(struct screen *s, struct ui_rect body);
    /* act is the matched action for key (or NULL); returns an enum screen_result. */
    int (*handle)(struct screen *s, int key, const struct ui_action *act);
    void (*resume)(struct screen *s);  /* a screen opened from this one was closed; may be NULL */
    void (*close)(struct screen *s);   /* release what open took; may be NULL */
    bool (*dirty)(struct screen *s);   /* unsaved changes? may be NULL */
    /* The branch the actions work on (store_may's branch_id); NULL: app->branch_id. */
    int64_t (*branch)(struct screen *s);
    /* Why what is shown cannot be changed here (a voided record, evidence opened for a review),
     * or NULL when it can: actions needing more than STORE_PERM_ANY are then withheld with
     * that sentence. May be NULL (never read-only). */
    const char *(*readonly)(struct screen *s);
    /* Esc, when set: the loop closes the screen, first asking `discard` when dirty() says there
     * is unsaved input, and F1 lists "Esc  <back>" after the screen's actions ("返回首页").
     * NULL: Esc is the screen's own (an action in its table, or nothing). */
    const char *back;
    /* The question Esc asks before dropping unsaved input; NULL (or no function): the loop's
     * "放弃尚未保存的修改？". */
    const char *(*discard)(struct screen *s);
    /* A screen that is one list: its spec, for the list_screen_* defaults (list_screen.h). */
    const struct list_screen *list;
};

struct screen {
    const struct screen_ops *ops;
    void *state;
    struct app *app;
};

#define APP_MAX_SCREENS 16

struct app {
    struct store *store;
    const struct config *cfg;
    const struct rules *rules; /* every rule number (rules.h): &cfg->rules */
    int64_t branch_id;        /* the current branch */
    char branch_name[128];
    char user[160];           /* who is logged in, for the title line: "王书记（支部书记）" */
    bool logged_in;           /* the login screen succeeded */
    char today[11];           /* YYYY-MM-DD, from clock_today() */
    char status[512];
    bool status_is_error;
    bool status_wrapped;      /* app_notice: shown whole, over the body's last rows */
    struct screen stack[APP_MAX_SCREENS];
    int depth;
    bool quit;
};

/* Open a screen on top of the current one; returns 0, or -1 (status message set). */
int app_push(struct app *app, const struct screen_ops *ops, void *arg);
/* A message on the status line until the next key. */
void app_status(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A notice that must be read whole (where a backup is): wider than the window, it is wrapped over
 * the body's last rows until the next key; app_status and app_error keep to the status line (cut
 * with … there), so that a screen's own rows stay in view while it is used. */
void app_notice(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run the loop with `first` as the bottom screen until quit; returns 0. */
int app_run(struct app *app, const struct screen_ops *first, void *arg);
/* Draw the whole frame for the current screen without pushing it out (modal dialogs draw
 * over it, then call ui_refresh()). */
void app_repaint(struct app *app);
/* The app the loop is running (for modal widgets), or NULL. */
struct app *app_current(void);

/* Whether this user may use action a on screen s now: its perm for the screen's branch, and
 * the screen not read-only for a perm beyond STORE_PERM_ANY. */
bool app_may(struct screen *s, const struct ui_action *a);
/* Why not (the store's sentence, or the screen's read-only one) into out; "" when allowed. */
const char *app_may_why(struct screen *s, const struct ui_action *a, char *out, size_t outsz);

/* The F1 help text of a screen, generated from its action table and the global keys:
 * a heap string of lines ("F2 / Ctrl-S  保存 — ..."). */
char *screen_help_text(const struct screen_ops *ops);
/* The same for the user of s: only the actions app_may allows. */
char *screen_help_text_for(struct screen *s);

#endif
