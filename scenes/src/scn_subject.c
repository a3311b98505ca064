/*
 * scn_subject.c - from the model's words back to the scene. The model
 * knows an object by its subject ("station 'cnc'", "node 'n1'", "edge
 * n1-n2") and, for most objects, the line it was written at, but not the
 * file: a retrofit scene layers several. What the model finds after the
 * build (its check's refusals, the layout and people warnings) is reported
 * here at the entry of the layered tree the subject names, so at the file
 * and line the user wrote.
 */
#include <string.h>

#include "mdl_people.h"
#include "mdl_transport.h"
#include "scn_internal.h"

/* The subjects' words and where their entries are: root.list[.sub]. */
static const struct {
    const char *word, *list, *sub;
} kinds[] = {
    {"station", "stations", NULL}, {"product", "products", NULL},  {"node", "paths", "nodes"},
    {"fleet", "fleets", NULL},     {"robot", "robots", NULL},      {"conveyor", "conveyors", NULL},
    {"asrs", "asrs", NULL},        {"pool", "pools", NULL},        {"calendar", "shifts", "calendars"},
    {"kanban", "kanban", NULL},    {"zone", "zones", NULL},       {"dock", "docks", NULL},
};

static const scn_node *member(const scn_node *g, const char *k) { return g ? scn__node_member(g, k) : NULL; }

const scn_node *scn__entry_by_id(const scn_node *l, const char *id, size_t idlen) {
    if (!l || l->kind != SCN_LIST || !id) return NULL;
    for (size_t i = 0; i < l->nkids; i++) {
        const char *x = scn__node_id(l->kids[i]);
        if (x && strlen(x) == idlen && strncmp(x, id, idlen) == 0) return l->kids[i];
    }
    return NULL;
}

bool scn__written(const scn_node *l, const char *id) { return id && scn__entry_by_id(l, id, strlen(id)); }

/* Any node below n (n included) on `line`, preferring groups; NULL when none. */
static const scn_node *node_on_line(const scn_node *n, int line) {
    if (n->line == line && n->kind == SCN_GROUP) return n;
    for (size_t i = 0; i < n->nkids; i++) {
        const scn_node *k = node_on_line(n->kids[i], line);
        if (k) return k;
    }
    return NULL;
}

/* The entry a subject "word 'id'" names, or NULL (an unknown word). */
static const scn_node *named_entry(const scn_node *root, const char *subject) {
    const char *q = strchr(subject, '\'');
    const char *qe = q ? strchr(q + 1, '\'') : NULL;
    if (!q || !qe) return NULL;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t wl = strlen(kinds[k].word);
        if (strncmp(subject, kinds[k].word, wl) != 0 || subject[wl] != ' ') continue;
        const scn_node *l = member(root, kinds[k].list);
        if (kinds[k].sub) l = member(l, kinds[k].sub);
        return scn__entry_by_id(l, q + 1, (size_t)(qe - q - 1));
    }
    return NULL;
}

const scn_node *scn__subject_node(const scn_node *root, const char *subject, int line) {
    const scn_node *at = named_entry(root, subject);
    if (!at && strncmp(subject, "edge ", 5) == 0) {
        const scn_node *el = member(member(root, "paths"), "edges");
        for (size_t i = 0; el && el->kind == SCN_LIST && i < el->nkids && !at; i++)
            if (el->kids[i]->line == line) at = el->kids[i];
    }
    /* A line that is not the entry's own is a part of it (a station's
     * task), else another object of the same name. */
    if (at && line > 0 && at->line != line) at = node_on_line(at, line);
    if (!at && line > 0) at = node_on_line(root, line);
    return at;
}

void scn__model_check_problem(scn_build_env *env, const scn_node *root, const char *error) {
    /* The subject is the message's part before its first ": " when that
     * names an entry ("station 'oven'"), else a top-level group ("costs"). */
    const char *e = error ? error : "";
    const char *colon = strstr(e, ": ");
    size_t sl = colon ? (size_t)(colon - e) : 0;
    char subject[160];
    if (sl == 0 || sl >= sizeof subject) {
        scn_diags_add(env->diags, env->top_file, 1, "scene", "%s", e);
        return;
    }
    memcpy(subject, e, sl);
    subject[sl] = '\0';
    const scn_node *at = named_entry(root, subject);
    if (!at && !strchr(subject, ' ')) at = member(root, subject);
    if (!at) {
        scn_diags_add(env->diags, env->top_file, 1, "scene", "%s", e);
        return;
    }
    scn__model_problem(env, at, subject, e);
}

typedef struct warn_ctx {
    scn_build_env *env;
    const scn_node *root;
    scn_diags *warnings;
    const char *prefix; /* before each message */
} warn_ctx;

static void subject_warning(void *ctx, int source_line, const char *subject, const char *message) {
    warn_ctx *c = ctx;
    const scn_node *at = scn__subject_node(c->root, subject, source_line);
    scn_diags_add(c->warnings, at ? at->file : c->env->top_file, source_line, subject, "%s%s", c->prefix, message);
}

void scn__layout_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings) {
    warn_ctx c = {env, root, warnings, "warning: "};
    mdl_model_layout_check(m, subject_warning, &c);
    scn_diags_sort(warnings);
}

void scn__people_warnings(scn_build_env *env, const scn_node *root, const mdl_model *m, scn_diags *warnings) {
    if (!warnings || !mdl_model_has_people(m)) return;
    warn_ctx c = {env, root, warnings, ""};
    mdl_model_people_check(m, subject_warning, &c);
}
