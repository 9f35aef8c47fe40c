/* post_flows.h — the dialogues of the post scheme, shared by the screens that offer them (a
 * post's page, a member's posts, overdue holders, members without a post): claim, report,
 * review, step down. Each asks its questions with the modal dialogs, checks the answers with
 * core (posts.h), writes through the store and sets the status line. Return true if something
 * was written. */
#ifndef ZHIBU_POST_FLOWS_H
#define ZHIBU_POST_FLOWS_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct holding;
struct member;
struct post;

bool post_flow_claim(struct app *app, const struct post *p, const struct member *m);
bool post_flow_report(struct app *app, const struct holding *h);
bool post_flow_review(struct app *app, const struct holding *h);
bool post_flow_end(struct app *app, const struct holding *h);
/* Reports and reviews of a holding in a scrolling message. */
void post_flow_show_record(struct app *app, const struct holding *h);
/* Pick a post of the branch (not voided); returns 0 with *out filled (caller post_free), -1 if
 * cancelled or none. */
int post_flow_pick_post(struct app *app, const char *title, struct post *out);

#endif
