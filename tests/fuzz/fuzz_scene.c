/*
 * fuzz_scene.c - libFuzzer target for the scene loader.
 *
 * Feeds arbitrary bytes to scn_load_buffer (no include directory, so the
 * fuzzer never touches the file system), with up to four --set overrides
 * taken from leading lines of the form "#set PATH=VALUE", and to each value
 * parser. A scene that loads is also run: one replication, its horizon
 * capped at two simulated days and its work at about 262,000 events (the
 * run's progress callback stops it), then its results are read. Nothing
 * may crash, hang, leak or trip a sanitizer; a run may fail
 * (mdl_run_error) but not abort.
 *
 * Build and run: tests/fuzz/run.sh [SECONDS]
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "scn_scene.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool stop_run(void *ctx, double now, double horizon) {
    (void)ctx, (void)now, (void)horizon;
    return false; /* one slice of events is enough */
}

/* Runs the model briefly and reads what the viewer and the output read. */
static void run_briefly(const mdl_model *m) {
    mdl_run_settings rs = *mdl_model_run(m);
    if (!(rs.horizon <= 2.0 * 86400.0)) rs.horizon = 2.0 * 86400.0;
    if (!(rs.warmup < rs.horizon)) rs.warmup = 0.0;
    rs.replications = 1;
    mdl_run *r = mdl_run_new(m, &rs, 0);
    if (!r) return;
    mdl_run_set_progress(r, stop_run, NULL);
    mdl_run_until(r, rs.horizon);
    if (!mdl_run_error(r)) {
        mdl_rep_result res;
        if (mdl_rep_result_init(&res, m)) {
            mdl_run_result(r, &res);
            mdl_rep_result_fini(&res);
        }
        for (int s = 0; s < mdl_model_station_count(m); s++) {
            (void)mdl_run_queue_len(r, s);
            for (int k = 0; k < mdl_run_servers(r, s); k++) (void)mdl_run_server_progress(r, s, k);
        }
    }
    mdl_run_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Leading "#set PATH=VALUE" lines become overrides (they are comments
     * in a scene, so the rest of the input is still the whole scene). */
    char *sets[4];
    size_t nsets = 0;
    size_t pos = 0;
    while (nsets < 4 && size - pos > 5 && memcmp(data + pos, "#set ", 5) == 0) {
        const uint8_t *nl = memchr(data + pos, '\n', size - pos);
        size_t end = nl ? (size_t)(nl - data) : size;
        size_t len = end - pos - 5;
        sets[nsets] = malloc(len + 1);
        if (!sets[nsets]) break;
        memcpy(sets[nsets], data + pos + 5, len);
        sets[nsets][len] = '\0';
        nsets++;
        pos = nl ? end + 1 : size;
    }

    scn_diags *d = scn_diags_new();
    if (d) {
        mdl_model *m = scn_load_buffer("fuzz.cfg", (const char *)data, size, NULL,
                                       (const char *const *)sets, nsets, d);
        /* A model that loads must be usable: walk what the viewer reads. */
        if (m) {
            for (int s = 0; s < mdl_model_station_count(m); s++) (void)mdl_model_station(m, s);
            for (int p = 0; p < mdl_model_product_count(m); p++) (void)mdl_model_route_length(m, p);
            run_briefly(m);
        }
        mdl_model_free(m);
        for (size_t i = 0; i < scn_diags_count(d); i++) (void)scn_diags_get(d, i);
        scn_diags_free(d);
    }
    for (size_t i = 0; i < nsets; i++) free(sets[i]);

    /* The value parsers, on the input as one string. */
    if (size < 4096) {
        char *s = malloc(size + 1);
        if (s) {
            memcpy(s, data, size);
            s[size] = '\0';
            char err[256];
            double v;
            unsigned mask;
            int day;
            sim_dist dist;
            (void)scn_parse_duration(s, &v, err, sizeof err);
            (void)scn_parse_clock(s, &v, err, sizeof err);
            (void)scn_parse_weekday(s, &day);
            (void)scn_parse_weekdays(s, &mask, err, sizeof err);
            (void)scn_parse_time_of_week(s, &v, err, sizeof err);
            (void)scn_parse_share(s, &v, err, sizeof err);
            (void)scn_check_set(s, err, sizeof err);
            mdl_model *m = mdl_model_new();
            if (m) {
                (void)scn_parse_dist(s, m, &dist, err, sizeof err);
                mdl_model_free(m);
            }
            free(s);
        }
    }
    return 0;
}
