/* keys.c — key names: for the F1 help and the --script files. No curses here; term.c maps
 * curses codes to enum ui_key. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "zhibu/text.h"
#include "zhibu/ui.h"

struct key_name {
    int key;
    const char *script; /* name inside <...> in a script */
    const char *label;  /* shown in help */
};

static const struct key_name KEY_NAMES[] = {
    {UK_UP, "Up", "↑"},           {UK_DOWN, "Down", "↓"},
    {UK_LEFT, "Left", "←"},       {UK_RIGHT, "Right", "→"},
    {UK_PGUP, "PgUp", "PgUp"},    {UK_PGDN, "PgDn", "PgDn"},
    {UK_HOME, "Home", "Home"},    {UK_END, "End", "End"},
    {UK_ENTER, "Enter", "Enter"}, {UK_ESC, "Esc", "Esc"},
    {UK_TAB, "Tab", "Tab"},       {UK_BTAB, "S-Tab", "Shift-Tab"},
    {UK_BACKSPACE, "BS", "Backspace"}, {UK_DELETE, "Del", "Delete"},
    {UK_INSERT, "Ins", "Insert"}, {UK_CTRL_S, "C-s", "Ctrl-S"},
    {UK_CTRL_U, "C-u", "Ctrl-U"}, {UK_SPACE, "Space", "空格"},
    {'<', "lt", "<"},
};

/* Extra spellings accepted in scripts. */
static const struct key_name KEY_ALIASES[] = {
    {UK_PGDN, "PageDown", NULL}, {UK_PGUP, "PageUp", NULL}, {UK_BACKSPACE, "Backspace", NULL},
    {UK_DELETE, "Delete", NULL}, {UK_BTAB, "BTab", NULL},   {UK_ENTER, "CR", NULL},
    {UK_ESC, "Escape", NULL},    {UK_CTRL_S, "Ctrl-S", NULL}, {UK_CTRL_U, "Ctrl-U", NULL},
};

bool ui_key_is_char(int key)
{
    return key >= 0x20 && key != 0x7F && key < UK_SPECIAL && !(key >= 0x80 && key < 0xA0);
}

const char *ui_key_label(int key)
{
    static char buf[16];
    if (key > UK_F0 && key <= UK_F0 + 24) {
        snprintf(buf, sizeof buf, "F%d", key - UK_F0);
        return buf;
    }
    for (size_t i = 0; i < sizeof KEY_NAMES / sizeof KEY_NAMES[0]; i++)
        if (KEY_NAMES[i].key == key) return KEY_NAMES[i].label;
    if (ui_key_is_char(key)) {
        size_t n = text_encode((uint32_t)key, buf);
        buf[n] = '\0';
        return buf;
    }
    snprintf(buf, sizeof buf, "#%d", key);
    return buf;
}

int ui_key_from_name(const char *name)
{
    if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
        int n = 0;
        const char *p = name + 1;
        while (*p >= '0' && *p <= '9') n = n * 10 + (*p++ - '0');
        if (*p == '\0' && n >= 1 && n <= 24) return UK_F(n);
        return UK_NONE;
    }
    for (size_t i = 0; i < sizeof KEY_NAMES / sizeof KEY_NAMES[0]; i++)
        if (strcasecmp(KEY_NAMES[i].script, name) == 0) return KEY_NAMES[i].key;
    for (size_t i = 0; i < sizeof KEY_ALIASES / sizeof KEY_ALIASES[0]; i++)
        if (strcasecmp(KEY_ALIASES[i].script, name) == 0) return KEY_ALIASES[i].key;
    return UK_NONE;
}
