/* Every screen's action table: F1 help is generated from it and lists every action; no key is
 * taken twice; the global keys stay global; the key bar fits 80 columns. */
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zhibu/screens.h"
#include "zhibu/text.h"
#include "zhibu/ui.h"

TEST(screens_help_lists_every_action)
{
    int screens = 0;
    for (int i = 0; screens_all[i]; i++, screens++) {
        const struct screen_ops *ops = screens_all[i];
        char *help = screen_help_text(ops);
        CHECK(help != NULL);
        for (const struct ui_action *a = ops->actions; a && a->id; a++) {
            if (!strstr(help, a->help)) test_fail(__FILE__, __LINE__, "%s: help lacks \"%s\"", ops->name, a->help);
            if (a->label && !strstr(help, a->label)) test_fail(__FILE__, __LINE__, "%s: help lacks label %s", ops->name, a->label);
            if (!strstr(help, ui_key_label(a->key))) test_fail(__FILE__, __LINE__, "%s: help lacks key %s", ops->name, ui_key_label(a->key));
        }
        CHECK(strstr(help, "F10") != NULL);
        free(help);
    }
    CHECK_INT(screens, 44); /* + circular, district_home, district_review, spot_checks, spot_check_form (issue 18);
                              + appraisal, stats, remit, remit_form, pipeline, candidate, candidate_form (issue 19) */
}

TEST(screens_keys_unique_and_globals_kept)
{
    for (int i = 0; screens_all[i]; i++) {
        const struct screen_ops *ops = screens_all[i];
        int keys[64], n = 0;
        for (const struct ui_action *a = ops->actions; a && a->id; a++) {
            int both[2] = {a->key, a->key2};
            for (int k = 0; k < 2; k++) {
                if (!both[k]) continue;
                if (both[k] == UK_F(1) || both[k] == UK_F(10))
                    test_fail(__FILE__, __LINE__, "%s takes the global key %s", ops->name, ui_key_label(both[k]));
                for (int j = 0; j < n; j++)
                    if (keys[j] == both[k])
                        test_fail(__FILE__, __LINE__, "%s: key %s used twice", ops->name, ui_key_label(both[k]));
                if (n < 64) keys[n++] = both[k];
            }
            CHECK(a->help && a->help[0]);
        }
    }
}

TEST(screens_key_bar_fits_80_columns)
{
    for (int i = 0; screens_all[i]; i++) {
        const struct screen_ops *ops = screens_all[i];
        /* "F1帮助 " + each labelled action + "F10退出" as the loop draws it */
        int cols = text_width("F1") + text_width("帮助") + 1 + text_width("F10") + text_width("退出");
        for (const struct ui_action *a = ops->actions; a && a->id; a++)
            if (a->label) cols += text_width(ui_key_label(a->key)) + text_width(a->label) + 1;
        if (cols > 80) test_fail(__FILE__, __LINE__, "%s: key bar needs %d columns", ops->name, cols);
    }
}
