/*
 * bench_render.c - frame time of the viewer's drawing at 500 stations.
 *
 * A plant of 25 lines x 20 stations (500 stations, mixed kinds, 1-3 servers,
 * finite buffers, breakdowns) is run to 4 h, then drawn repeatedly:
 *   - software renderer into a 1280x720 surface (what `snapshot` uses and
 *     what a machine without GPU gets), whole plant in view and zoomed in;
 *   - the window's renderer (accelerated when the video driver offers one,
 *     e.g. opengl under X11 or Xvfb), drawing plus advancing at 3600x;
 * and prints ms per frame and frames per second. The plant also has an
 * AGV path network (an aisle under each line, joined at both ends) and 100
 * kinematic AGVs in 4 fleets carrying every fifth hand-over, so vehicles,
 * lanes and out-points are drawn too. The target is >= 60 fps
 * accelerated and >= 30 fps software.
 *
 * Usage: bench_render [FRAMES [PNG]]   (default 200 frames per case; PNG:
 * also save the whole-plant frame there, to look at; BENCH_RENDER_ONLY=window
 * runs the window case alone, for a profile). Each case prints wall and
 * CPU time per frame (the process's, all threads: a GL driver's
 * rasteriser threads count).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "mdl_model.h"
#include "mdl_run.h"
#include "mdl_transport.h"
#include "rnd_snapshot.h"
#include "rnd_text.h"
#include "rnd_view.h"
#include "rnd_viewer.h"

/* The plant's size; bench_render_plant.c sets them to issue 21's plant. */
#ifndef LINES
#define LINES 25
#endif
#define PER_LINE 20
#define FLEETS 4
#ifndef AGVS
#define AGVS 100
#endif

/* An aisle 2.6 m below each line with a node under every station, joined
 * to the next line's aisle at both ends; every fifth hand-over of a line
 * goes by AGV. */
static bool add_agvs(mdl_model *m) {
    char id[32];
    for (int l = 0; l < LINES; l++)
        for (int k = 0; k < PER_LINE; k++) {
            mdl_node_spec n;
            mdl_node_spec_default(&n);
            snprintf(id, sizeof id, "n%02d-%02d", l, k);
            n.id = id;
            n.x = 2.0 + 4.0 * k;
            n.y = 2.0 + 4.5 * l + 2.6;
            n.capacity = 2;
            if (k == 0 && l % 3 == 0)
                n.kind = MDL_NODE_PARKING, n.capacity = 4;
            if (k == PER_LINE - 1 && l % 4 == 0)
                n.kind = MDL_NODE_CHARGING, n.capacity = 2, n.slots = 2;
            int node = mdl_model_add_node(m, &n);
            if (node < 0 || !mdl_model_set_station_node(m, l * PER_LINE + k, node, 2))
                return false;
            mdl_edge_spec e;
            mdl_edge_spec_default(&e);
            e.capacity = 2;
            if (k > 0) {
                e.from = node - 1;
                e.to = node;
                if (mdl_model_add_edge(m, &e) < 0)
                    return false;
            }
            if (l > 0 && (k == 0 || k == PER_LINE - 1)) {
                e.from = node - PER_LINE;
                e.to = node;
                if (mdl_model_add_edge(m, &e) < 0)
                    return false;
            }
        }
    for (int f = 0; f < FLEETS; f++) {
        mdl_fleet_spec fs;
        mdl_fleet_spec_default(&fs);
        snprintf(id, sizeof id, "agv%d", f + 1);
        fs.id = id;
        fs.count = AGVS / FLEETS;
        fs.speed = 1.2;
        fs.load = sim_dist_const(10.0);
        fs.unload = sim_dist_const(10.0);
        fs.idle = MDL_IDLE_STAY;
        fs.battery.enabled = true;
        fs.battery.capacity_kwh = 2.0;
        fs.battery.threshold = 0.2;
        fs.battery.charge_kw = 2.0;
        fs.per_m_kwh = 0.002;
        if (mdl_model_add_fleet(m, &fs) < 0)
            return false;
    }
    for (int l = 0; l < LINES; l++)
        for (int k = 4; k < PER_LINE - 1; k += 5)
            if (!mdl_model_set_transport(m, l, l * PER_LINE + k, MDL_TRANSPORT_FLEET, l % FLEETS))
                return false;
    return true;
}

static mdl_model *big_plant(void) {
    mdl_model *m = mdl_model_new();
    if (!m)
        return NULL;
    char name[64];
    snprintf(name, sizeof name, "Benchmark plant, %d stations, %d AGVs", LINES * PER_LINE, AGVS);
    mdl_model_set_name(m, name);
    char ids[LINES * PER_LINE][16];
    for (int l = 0; l < LINES; l++)
        for (int k = 0; k < PER_LINE; k++) {
            int i = l * PER_LINE + k;
            snprintf(ids[i], sizeof ids[i], "L%02d-S%02d", l + 1, k + 1);
            mdl_station_spec s;
            mdl_station_spec_default(&s);
            s.id = ids[i];
            s.kind = k % 7 == 6 ? MDL_STATION_INSPECTION
                     : k % 5 == 3 ? MDL_STATION_ROBOT
                     : k % 9 == 8 ? MDL_STATION_ASSEMBLY
                                  : MDL_STATION_MACHINE;
            s.servers = 1 + (i % 3 == 0) + (i % 5 == 0);
            s.buffer = 4 + i % 6;
            s.has_cycle = true;
            s.cycle = sim_dist_lognormal(150.0 * s.servers, 25.0);
            if (i % 4 == 0) {
                s.has_failures = true;
                s.mtbf = sim_dist_exp(5.0 * 3600.0);
                s.mttr = sim_dist_exp(1200.0);
            }
            s.scrap = 0.005;
            s.defect = 0.01;
            s.detect = 0.9;
            s.power[MDL_STATE_BUSY] = 5.0;
            s.power[MDL_STATE_IDLE] = 1.0;
            s.x = 2.0 + 4.0 * k;
            s.y = 2.0 + 4.5 * l;
            if (mdl_model_add_station(m, &s) < 0) {
                fprintf(stderr, "bench_render: %s\n", mdl_model_error(m));
                mdl_model_free(m);
                return NULL;
            }
        }
    for (int l = 0; l < LINES; l++) {
        const char *route[PER_LINE];
        for (int k = 0; k < PER_LINE; k++)
            route[k] = ids[l * PER_LINE + k];
        char pid[16];
        snprintf(pid, sizeof pid, "P%02d", l + 1);
        int p = mdl_model_add_product(m, pid, route, PER_LINE, 0);
        mdl_model_add_push(m, p, sim_dist_exp(170.0), 0.0, 0);
    }
    mdl_run_settings rs = {5.0 * 86400.0, 0.0, 1, 1, 0.0};
    mdl_model_set_run(m, &rs);
    if (!add_agvs(m) || !mdl_model_validate(m)) {
        fprintf(stderr, "bench_render: %s\n", mdl_model_error(m));
        mdl_model_free(m);
        return NULL;
    }
    return m;
}

static double now_s(void) {
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

/* CPU time of the whole process (every thread: a GL driver's rasteriser
 * threads count too), s. On a shared machine wall time says how loaded it
 * was; CPU time per frame is what the frame costs. */
static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu0;

static void report(const char *what, int frames, double secs) {
    double ms = secs * 1000.0 / frames, cpu_ms = (cpu_s() - cpu0) * 1000.0 / frames;
    printf("%-52s %8.2f ms/frame %8.1f fps  cpu %6.2f ms/frame\n", what, ms, 1000.0 / ms, cpu_ms);
}

static void bench_software(rnd_view *v, int frames, bool zoomed) {
    const int W = 1280, H = 720;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_RGBA32);
    SDL_Renderer *r = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    rnd_text *t = r ? rnd_text_new(r) : NULL;
    if (!t) {
        fprintf(stderr, "bench_render: software renderer: %s\n", SDL_GetError());
        exit(1);
    }
    rnd_view_fit(v, W, H);
    if (zoomed)
        rnd_view_zoom_at(v, W, H, 6.0f, 200.0f, 200.0f);
    rnd_view_draw(v, r, t, W, H); /* warm the text cache */
    cpu0 = cpu_s();
    double t0 = now_s();
    for (int i = 0; i < frames; i++) {
        rnd_view_draw(v, r, t, W, H);
        SDL_RenderPresent(r);
    }
    report(zoomed ? "software 1280x720, zoomed in (~60 stations, units)"
                  : "software 1280x720, the whole plant in view",
           frames, now_s() - t0);
    rnd_text_free(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

static void bench_window(mdl_model *m, int frames) {
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        printf("%-52s (no video: %s)\n", "window renderer", SDL_GetError());
        return;
    }
    rnd_view_config vc;
    memset(&vc, 0, sizeof vc);
    vc.models[0] = m;
    char err[256];
    rnd_view *v = rnd_view_new(&vc, err, sizeof err);
    if (!v) {
        fprintf(stderr, "bench_render: %s\n", err);
        exit(1);
    }
    lv_session_advance_to(rnd_view_session(v), 4.0 * 3600.0);
    rnd_viewer_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.title = "bench_render";
    cfg.speed = 3600.0;
    cfg.no_throttle = true;
    rnd_viewer *vw = rnd_viewer_new(v, &cfg, err, sizeof err);
    if (!vw) {
        printf("%-52s (no window: %s)\n", "window renderer", err);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return;
    }
    SDL_Renderer *r = rnd_viewer_renderer(vw);
    SDL_RendererInfo info;
    SDL_GetRendererInfo(r, &info);
    /* Vsync would measure the display's refresh rate, not our frame cost. */
    SDL_RenderSetVSync(r, 0);
    rnd_viewer_frame(vw);
    cpu0 = cpu_s();
    double t0 = now_s();
    for (int i = 0; i < frames; i++)
        rnd_viewer_frame(vw);
    char what[128];
    snprintf(what, sizeof what, "window (%s%s), 3600x, %d st. + %d AGVs", info.name,
             rnd_viewer_replaced_software_gl(vw) ? ", not llvmpipe" : "", LINES * PER_LINE, AGVS);
    report(what, frames, now_s() - t0);
    /* The same window's drawing alone (the runs stand still): what the
     * frame costs beyond advancing the simulation. */
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(r, &w, &h);
    rnd_text *text = rnd_text_new(r);
    if (text) {
        rnd_view_draw(v, r, text, w, h);
        cpu0 = cpu_s();
        t0 = now_s();
        for (int i = 0; i < frames; i++) {
            rnd_view_draw(v, r, text, w, h);
            SDL_RenderPresent(r);
        }
        snprintf(what, sizeof what, "window, drawing only (no advance)");
        report(what, frames, now_s() - t0);
        rnd_text_free(text);
    }
    rnd_viewer_free(vw);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

int main(int argc, char **argv) {
    int frames = argc > 1 ? atoi(argv[1]) : 200;
    if (frames <= 0)
        frames = 200;
    rnd_view_config vc;
    memset(&vc, 0, sizeof vc);
    double tb = now_s();
    vc.models[0] = big_plant();
    if (!vc.models[0])
        return 1;
    double tm = now_s();
    char err[256];
    rnd_view *v = rnd_view_new(&vc, err, sizeof err);
    if (!v) {
        fprintf(stderr, "bench_render: %s\n", err);
        return 1;
    }
    /* The view built: the model, its session's runs at time 0 and a first
     * frame drawn (software, 1280x720). */
    {
        SDL_Surface *s0 = rnd_snapshot_surface(v, 1280, 720, err, sizeof err);
        SDL_FreeSurface(s0);
    }
    printf("bench_render: view built in %.2f s (model %.2f s, runs and first frame %.2f s)\n", now_s() - tb,
           tm - tb, now_s() - tm);
    double t0 = now_s();
    lv_session_advance_to(rnd_view_session(v), 4.0 * 3600.0);
    rnd_view_sync(v);
    printf("bench_render: %d stations, advanced to 4 h in %.2f s (%llu events)\n",
           mdl_model_station_count(rnd_view_model(v, 0)), now_s() - t0,
           (unsigned long long)mdl_run_events(rnd_view_run(v, 0)));
    {
        /* What the window saves by refreshing the KPIs a few times a second
         * instead of every frame (lv_session_sync_due). */
        double k0 = cpu_s();
        for (int i = 0; i < 50; i++)
            rnd_view_sync(v);
        printf("bench_render: one KPI refresh (mdl_run_result) %.3f ms of CPU\n", (cpu_s() - k0) * 1000.0 / 50.0);
    }
    const mdl_rep_result *res = rnd_view_result(v, 0);
    double trips = 0.0;
    for (int f = 0; res && f < FLEETS; f++)
        trips += mdl_rep_fleet_kpi(res, f, MDL_FKPI_TRIPS);
    printf("bench_render: %d AGVs in %d fleets, %.0f loaded trips so far\n", AGVS, FLEETS, trips);
    if (argc > 2) {
        rnd_view_fit(v, 1280, 720);
        SDL_Surface *s = rnd_snapshot_surface(v, 1280, 720, err, sizeof err);
        if (!s || !rnd_snapshot_save_png(s, argv[2], err, sizeof err))
            fprintf(stderr, "bench_render: %s\n", err);
        SDL_FreeSurface(s);
    }
    const char *only = getenv("BENCH_RENDER_ONLY"); /* "window": skip the software cases (profiling) */
    if (!only || strcmp(only, "window") != 0) {
        bench_software(v, frames, false);
        bench_software(v, frames, true);
    }
    rnd_view_free(v);
    bench_window(big_plant(), frames);
    SDL_Quit();
    return 0;
}
