/*
 * test_scale.c - plant scale (issue 21): ids found by hash in a model of
 * many entities (the right index for each, duplicates refused, also ids
 * whose hashes collide in the table), the path network's duplicate-edge
 * rule on a hashed edge table, and the layout check's reachability through
 * strongly connected components (the same findings as a search from every
 * node, on random networks).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_transport.h"
#include "scn_scene.h"
#include "sim_dist.h"
#include "test_main.h"

static int add_station(mdl_model *m, const char *id, double x, double y) {
    mdl_station_spec s;
    mdl_station_spec_default(&s);
    s.id = id;
    s.x = x;
    s.y = y;
    return mdl_model_add_station(m, &s);
}

/* 20,000 stations, products, calendars, nodes, fleets and conveyors: each
 * id finds its own index; an unknown id (also a prefix or an extension of a
 * known one) finds nothing; a second entity of a known id is refused. */
static void test_ids_by_hash(void **state) {
    (void)state;
    enum { N = 20000 };
    mdl_model *m = mdl_model_new();
    char id[32];
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "st%d", i);
        assert_int_equal(add_station(m, id, 3.0 * (i % 100), 3.0 * (i / 100)), i);
        snprintf(id, sizeof id, "n%d", i);
        mdl_node_spec n;
        mdl_node_spec_default(&n);
        n.id = id;
        n.x = i;
        assert_int_equal(mdl_model_add_node(m, &n), i);
    }
    for (int i = 0; i < 500; i++) {
        snprintf(id, sizeof id, "cal%d", i);
        assert_int_equal(mdl_model_add_calendar(m, id), i);
        snprintf(id, sizeof id, "f%d", i);
        mdl_fleet_spec f;
        mdl_fleet_spec_default(&f);
        f.id = id;
        assert_int_equal(mdl_model_add_fleet(m, &f), i);
        snprintf(id, sizeof id, "c%d", i);
        mdl_conveyor_spec c;
        mdl_conveyor_spec_default(&c);
        c.id = id;
        c.length = 10.0;
        c.speed = 0.5;
        c.spacing = 1.0;
        assert_int_equal(mdl_model_add_conveyor(m, &c), i);
    }
    for (int i = 0; i < N; i += 2) {
        char a[32], b[32], p[32];
        snprintf(a, sizeof a, "st%d", i);
        snprintf(b, sizeof b, "st%d", i + 1);
        snprintf(p, sizeof p, "p%d", i / 2);
        const char *route[] = {a, b};
        assert_int_equal(mdl_model_add_product(m, p, route, 2, 0), i / 2);
    }
    for (int i = 0; i < N; i++) {
        snprintf(id, sizeof id, "st%d", i);
        assert_int_equal(mdl_model_find_station(m, id), i);
        snprintf(id, sizeof id, "n%d", i);
        assert_int_equal(mdl_model_find_node(m, id), i);
        snprintf(id, sizeof id, "p%d", i);
        assert_int_equal(mdl_model_find_product(m, id), i < N / 2 ? i : -1);
    }
    for (int i = 0; i < 500; i++) {
        snprintf(id, sizeof id, "cal%d", i);
        assert_int_equal(mdl_model_find_calendar(m, id), i);
        snprintf(id, sizeof id, "f%d", i);
        assert_int_equal(mdl_model_find_fleet(m, id), i);
        snprintf(id, sizeof id, "c%d", i);
        assert_int_equal(mdl_model_find_conveyor(m, id), i);
    }
    assert_int_equal(mdl_model_find_station(m, "st"), -1);
    assert_int_equal(mdl_model_find_station(m, "st200000"), -1);
    assert_int_equal(mdl_model_find_station(m, ""), -1);
    assert_int_equal(mdl_model_find_station(m, NULL), -1);
    assert_int_equal(mdl_model_find_node(m, "st1"), -1); /* each kind its own table */
    assert_int_equal(add_station(m, "st19999", 0, 0), -1);
    assert_non_null(strstr(mdl_model_error(m), "another station already has this id"));
    assert_int_equal(mdl_model_add_calendar(m, "cal7"), -1);
    const char *route[] = {"st1"};
    assert_int_equal(mdl_model_add_product(m, "p3", route, 1, 0), -1);
    assert_non_null(strstr(mdl_model_error(m), "another product already has this id"));
    mdl_model_free(m);
}

/* Edges: a second edge over the same directed pair, or over the reversed
 * pair when either is two-way, is refused; two one-way edges in opposite
 * directions are one road each way. */
static void test_duplicate_edges(void **state) {
    (void)state;
    mdl_model *m = mdl_model_new();
    char id[16];
    for (int i = 0; i < 6; i++) {
        mdl_node_spec n;
        mdl_node_spec_default(&n);
        snprintf(id, sizeof id, "n%d", i);
        n.id = id;
        n.x = i;
        n.y = i % 2;
        assert_int_equal(mdl_model_add_node(m, &n), i);
    }
    mdl_edge_spec e;
    mdl_edge_spec_default(&e);
    struct {
        int from, to;
        bool two_way, ok;
    } cases[] = {
        {0, 1, false, true}, {1, 0, false, true}, {0, 1, false, false}, {1, 0, true, false},
        {2, 3, true, true},  {3, 2, false, false}, {2, 3, false, false}, {3, 4, false, true},
        {4, 3, true, false}, {4, 5, true, true},  {5, 4, true, false},
    };
    int count = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        e.from = cases[i].from;
        e.to = cases[i].to;
        e.two_way = cases[i].two_way;
        int got = mdl_model_add_edge(m, &e);
        if (cases[i].ok) {
            assert_int_equal(got, count++);
        } else {
            assert_int_equal(got, -1);
            assert_non_null(strstr(mdl_model_error(m), "another edge already joins these nodes"));
        }
    }
    assert_int_equal(mdl_model_edge_count(m), count);
    mdl_model_free(m);
}

/* ---- reachability: components against a search from every node -------- */

typedef struct found {
    int n;
    char text[4096][160];
} found;

static void collect(void *ctx, int line, const char *subject, const char *message) {
    found *f = ctx;
    (void)line;
    if (f->n < 4096) snprintf(f->text[f->n++], sizeof f->text[0], "%s: %s", subject, message);
}

static bool has(const found *f, const char *text) {
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->text[i], text) == 0) return true;
    return false;
}

/* Random directed networks (one-way and two-way edges: several components,
 * some nodes reaching others but not back): every move of the fleet is
 * warned about exactly when a plain search says a node cannot be reached,
 * and nothing else is said. */
static void test_reachability_by_components(void **state) {
    (void)state;
    uint64_t seed = 12345;
    int warned = 0, moves = 0;
    for (int round = 0; round < 40; round++) {
        enum { NN = 24 };
        mdl_model *m = mdl_model_new();
        char id[16];
        for (int i = 0; i < NN; i++) {
            snprintf(id, sizeof id, "s%d", i);
            assert_int_equal(add_station(m, id, 10.0 * i, 50.0), i); /* far from every path */
            mdl_node_spec n;
            mdl_node_spec_default(&n);
            snprintf(id, sizeof id, "n%d", i);
            n.id = id;
            n.x = 10.0 * i;
            n.y = (double)(i % 3);
            n.capacity = 2; /* (no corridors: only reachability is said) */
            assert_int_equal(mdl_model_add_node(m, &n), i);
            assert_true(mdl_model_set_station_node(m, i, i, 1));
        }
        bool adj[NN][NN];
        memset(adj, 0, sizeof adj);
        mdl_edge_spec e;
        mdl_edge_spec_default(&e);
        for (int k = 0; k < NN + round; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            int a = (int)((seed >> 33) % NN), b = (int)((seed >> 45) % NN);
            e.from = a;
            e.to = b;
            e.two_way = (seed >> 20) % 4 == 0;
            if (mdl_model_add_edge(m, &e) < 0) continue;
            adj[a][b] = true;
            if (e.two_way) adj[b][a] = true;
        }
        /* Closure by Floyd-Warshall: the exact answer. */
        bool r[NN][NN];
        memcpy(r, adj, sizeof r);
        for (int i = 0; i < NN; i++) r[i][i] = true;
        for (int k = 0; k < NN; k++)
            for (int i = 0; i < NN; i++)
                for (int j = 0; j < NN; j++)
                    if (r[i][k] && r[k][j]) r[i][j] = true;
        mdl_fleet_spec f;
        mdl_fleet_spec_default(&f);
        f.id = "agv";
        assert_int_equal(mdl_model_add_fleet(m, &f), 0);
        char pid[16], a[16], b[16];
        int expected = 0;
        for (int i = 0; i + 1 < NN; i++) {
            snprintf(pid, sizeof pid, "p%d", i);
            snprintf(a, sizeof a, "s%d", i);
            snprintf(b, sizeof b, "s%d", (i * 7 + 3) % NN == i ? (i + 1) % NN : (i * 7 + 3) % NN);
            const char *route[] = {a, b};
            int p = mdl_model_add_product(m, pid, route, 2, 0);
            assert_true(p >= 0);
            assert_true(mdl_model_set_transport(m, p, i, MDL_TRANSPORT_FLEET, 0));
            int sb = mdl_model_find_station(m, b);
            expected += !r[i][sb] + !r[sb][i];
            moves += 2;
        }
        warned += expected;
        found *got = calloc(1, sizeof *got);
        assert_non_null(got);
        int n = mdl_model_layout_check(m, collect, got);
        assert_int_equal(n, expected);
        for (int i = 0; i + 1 < NN; i++) {
            int sb = (i * 7 + 3) % NN == i ? (i + 1) % NN : (i * 7 + 3) % NN;
            char want[200];
            snprintf(want, sizeof want,
                     "station 's%d': layout: fleet 'agv' cannot reach its node 'n%d' from station 's%d' (node 'n%d')",
                     sb, sb, i, i);
            assert_int_equal(has(got, want), !r[i][sb]);
            snprintf(want, sizeof want,
                     "station 's%d': layout: fleet 'agv' cannot return to it from station 's%d' (node 'n%d')", i,
                     sb, sb);
            assert_int_equal(has(got, want), !r[sb][i]);
        }
        free(got);
        mdl_model_free(m);
    }
    /* Both kinds of moves were tried: reachable and not. */
    assert_true(warned > moves / 10 && warned < moves - moves / 10);
}


/* ---- the scene loader's ids by hash ------------------------------------- */

typedef struct text {
    char *s;
    size_t n, cap;
    int line; /* lines written so far */
} text;

static void put(text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void put(text *t, const char *fmt, ...) {
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(t->s ? t->s + t->n : NULL, t->cap - t->n, fmt, ap);
        va_end(ap);
        assert_true(w >= 0);
        if ((size_t)w < t->cap - t->n) {
            t->n += (size_t)w;
            for (int i = 0; i < w; i++) t->line += t->s[t->n - (size_t)w + (size_t)i] == '\n';
            return;
        }
        t->cap = 2 * t->cap + (size_t)w + 1;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
}

static bool said(const scn_diags *d, const char *part) {
    for (size_t i = 0; i < scn_diags_count(d); i++)
        if (strstr(scn_diags_get(d, i), part)) return true;
    return false;
}

/* 3,000 stations, 1,000 products, 100 calendars: a valid scene loads with
 * every reference resolved to the right entity; duplicates are reported
 * against the FIRST definition, and unknown names are reported, exactly as
 * the scans did. */
static void test_scene_ids_by_hash(void **state) {
    (void)state;
    enum { NS = 3000, NP = 1000, NC = 100 };
    for (int broken = 0; broken < 2; broken++) {
        text t = {NULL, 0, 0, 0};
        /* Entries are joined by ",\n" (no trailing comma): entry i > 0 of a
         * list starts on the line after the one the writer is on. */
        put(&t, "run = { horizon = \"1d\"; };\nshifts = { calendars = (\n");
        for (int c = 0; c < NC; c++)
            put(&t, "%s  { id = \"c%d\"; shifts = ( { name = \"day\"; from = \"06:00\"; to = \"14:00\"; } ); }",
                c ? ",\n" : "", c);
        if (broken) put(&t, ",\n  { id = \"c5\"; shifts = ( { name = \"x\"; from = \"06:00\"; to = \"07:00\"; } ); }");
        put(&t, "\n); };\nstations = (\n");
        int st1500_line = 0;
        for (int i = 0; i < NS; i++) {
            if (i == 1500) st1500_line = t.line + 2;
            put(&t, "%s  { id = \"st%d\"; cycle = \"1min\"; calendar = \"c%d\"; }", i ? ",\n" : "", i, (i * 7) % NC);
        }
        if (broken) put(&t, ",\n  { id = \"st1500\"; cycle = \"1min\"; calendar = \"c500\"; }");
        put(&t, "\n);\nproducts = (\n");
        int p10_line = 0;
        for (int p = 0; p < NP; p++) {
            if (p == 10) p10_line = t.line + 2;
            put(&t, "%s  { id = \"p%d\"; route = [ \"st%d\", \"st%d\", \"st%d\" ]; }", p ? ",\n" : "", p, 3 * p,
                3 * p + 1, 3 * p + 2);
        }
        if (broken) put(&t, ",\n  { id = \"p10\"; route = [ \"st2999\" ]; },\n  { id = \"px\"; route = [ \"st3000\" ]; }");
        put(&t, "\n);\nrelease = (\n");
        for (int p = 0; p < NP; p++)
            put(&t, "%s  { product = \"p%d\"; interarrival = \"exp(1h)\"; }", p ? ",\n" : "", p);
        if (broken) put(&t, ",\n  { product = \"p1000\"; interarrival = \"exp(1h)\"; }");
        put(&t, "\n);\n");
        scn_diags *d = scn_diags_new();
        mdl_model *m = scn_load_buffer("big.cfg", t.s, t.n, NULL, NULL, 0, d);
        if (!broken) {
            if (!m) scn_diags_print(d, stderr);
            assert_non_null(m);
            assert_int_equal(mdl_model_station_count(m), NS);
            assert_int_equal(mdl_model_product_count(m), NP);
            char id[32];
            for (int p = 0; p < NP; p += 37) {
                snprintf(id, sizeof id, "p%d", p);
                int pi = mdl_model_find_product(m, id);
                assert_true(pi >= 0);
                assert_int_equal(mdl_model_route_length(m, pi), 3);
                for (int k = 0; k < 3; k++) {
                    snprintf(id, sizeof id, "st%d", 3 * p + k);
                    assert_int_equal(mdl_model_route_station(m, pi, k), mdl_model_find_station(m, id));
                }
            }
            for (int i = 0; i < NS; i += 101) {
                snprintf(id, sizeof id, "c%d", (i * 7) % NC);
                assert_int_equal(mdl_model_station(m, i)->calendar, mdl_model_find_calendar(m, id));
            }
        } else {
            assert_null(m);
            char want[200];
            snprintf(want, sizeof want, "station 'st1500' is already defined at big.cfg:%d", st1500_line);
            assert_true(said(d, want));
            snprintf(want, sizeof want, "product 'p10' is already defined at big.cfg:%d", p10_line);
            assert_true(said(d, want));
            assert_true(said(d, "calendar 'c5': id: duplicate (already used by calendar #6)"));
            assert_true(said(d, "'st3000'"));
            assert_true(said(d, "'p1000'"));
        }
        mdl_model_free(m);
        scn_diags_free(d);
        free(t.s);
    }
}

TEST_MAIN(NULL, NULL,
        cmocka_unit_test(test_ids_by_hash),
        cmocka_unit_test(test_duplicate_edges),
        cmocka_unit_test(test_reachability_by_components),
        cmocka_unit_test(test_scene_ids_by_hash),
)
