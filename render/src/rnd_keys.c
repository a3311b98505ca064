/*
 * rnd_keys.c - the viewer's key table (rnd_keys.h).
 */
#include "rnd_keys.h"

#include <stdio.h>

#define K(key, mods, cmd, arg) {key, mods, cmd, arg}
#define ANY RND_MODS_ANY

static const rnd_key_row rows[] = {
    {{K(SDLK_SPACE, ANY, RND_CMD_PAUSE, 0)},
     "`Space`", "pause / resume", "Space", "pause / resume"},
    {{K(SDLK_PERIOD, ANY, RND_CMD_STEP, 0), K(SDLK_KP_PERIOD, ANY, RND_CMD_STEP, 0)},
     "`.`", "one step: advance to the next event (pauses)", ".", "one step (next event)"},
    {{K(SDLK_PLUS, ANY, RND_CMD_FASTER, 0), K(SDLK_KP_PLUS, ANY, RND_CMD_FASTER, 0),
      K(SDLK_EQUALS, ANY, RND_CMD_FASTER, 0), K(SDLK_MINUS, ANY, RND_CMD_SLOWER, 0),
      K(SDLK_KP_MINUS, ANY, RND_CMD_SLOWER, 0)},
     "`+` / `-`", "faster / slower: 1\xC3\x97, 10\xC3\x97, 60\xC3\x97, 600\xC3\x97, 3600\xC3\x97, max",
     "+  /  -", "faster / slower: 1, 10, 60, 600, 3600\xC3\x97, max"},
    {{K(SDLK_1, ANY, RND_CMD_SPEED, 0), K(SDLK_2, ANY, RND_CMD_SPEED, 1),
      K(SDLK_3, ANY, RND_CMD_SPEED, 2), K(SDLK_4, ANY, RND_CMD_SPEED, 3),
      K(SDLK_5, ANY, RND_CMD_SPEED, 4), K(SDLK_6, ANY, RND_CMD_SPEED, 5)},
     "`1` \xE2\x80\xA6 `6`", "pick one of those speeds directly", "1 \xE2\x80\xA6 6",
     "pick a speed directly"},
    {{K(SDLK_r, RND_MODS_NO_CTRL, RND_CMD_RESTART, 0)},
     "`R`", "restart at time 0 with the same seed (history and event log cleared)", "R",
     "restart at time 0 (same seed)"},
    {{K(SDLK_r, RND_MODS_CTRL, RND_CMD_RELOAD, 0)},
     "`Ctrl+R`",
     "reload the scene file(s) from disk and restart; on an error the old line keeps running "
     "and the error is shown in the event log",
     "Ctrl+R", "reload the scene file(s) from disk"},
    {{K(SDLK_s, ANY, RND_CMD_SCREENSHOT, 0)},
     "`S`",
     "screenshot: `linetwin-<line>-d<day>-<hhmmss>.png` in the current directory (written "
     "whole or not at all, like `snapshot -o`; a failure is logged)",
     "S", "save a screenshot (PNG)"},
    {{K(SDLK_TAB, ANY, RND_CMD_PANES, 0)},
     "`Tab`", "with two scenes: side by side \xE2\x86\x92 base only \xE2\x86\x92 retrofit only",
     "Tab", "base and retrofit: side by side / base / retrofit"},
    {{K(SDLK_f, RND_MODS_NO_CTRL, RND_CMD_FIT, 0)},
     "`F`", "fit the layout to the window", "F", "fit the layout to the window"},
    {{K(SDLK_LEFT, ANY, RND_CMD_PAN, 0), K(SDLK_RIGHT, ANY, RND_CMD_PAN, 1),
      K(SDLK_UP, ANY, RND_CMD_PAN, 2), K(SDLK_DOWN, ANY, RND_CMD_PAN, 3)},
     "arrows", "pan", "drag, wheel", "pan, zoom (arrows pan too)"},
    {{K(0, ANY, RND_CMD_NONE, 0)},
     NULL, NULL, "click", "inspect a station, unit, AGV, robot or person (Esc clears)"},
    {{K(SDLK_SLASH, ANY, RND_CMD_SEARCH, 0), K(SDLK_KP_DIVIDE, ANY, RND_CMD_SEARCH, 0),
      K(SDLK_f, RND_MODS_CTRL, RND_CMD_SEARCH, 0)},
     "`/` or `Ctrl+F`",
     "find a unit: type its serial (`housing-17`, or just `17`) and press Enter; the view centres on it and "
     "opens its card, or says where it went (shipped or scrapped at a time); Esc closes the field",
     "/  or  Ctrl+F", "find a unit by its serial"},
    {{K(SDLK_b, ANY, RND_CMD_BREAK, 0)},
     "`B`", "break the selected station now: every server down until repaired", "B  /  U",
     "break / repair the selected station"},
    {{K(SDLK_u, ANY, RND_CMD_REPAIR, 0)},
     "`U`", "repair a station broken with `B`", NULL, NULL},
    {{K(SDLK_m, ANY, RND_CMD_FAIL_MODE, 0), K(SDLK_p, ANY, RND_CMD_START_PM, 0)},
     "`M` / `P`",
     "at a station with failure modes: the chosen mode (the inspector shows it; `N` chooses) fails now / a "
     "preventive maintenance starts now",
     "M  /  P", "fail the chosen mode / start a PM at the selected station"},
    {{K(SDLK_n, ANY, RND_CMD_NEXT_MODE, 0)},
     "`N`", "choose the selected station's next failure mode for `M` (in turn)", "N",
     "choose the failure mode M fails"},
    {{K(SDLK_RIGHTBRACKET, ANY, RND_CMD_ADD_SERVER, 0),
      K(SDLK_LEFTBRACKET, ANY, RND_CMD_REMOVE_SERVER, 0)},
     "`]` / `[`",
     "add / remove a server at the selected station (1 \xE2\x80\xA6 the run's maximum; a "
     "removed server finishes its unit first)",
     "]  /  [", "add / remove a server at the selected station"},
    {{K(SDLK_o, ANY, RND_CMD_ADD_PERSON, 0), K(SDLK_l, ANY, RND_CMD_REMOVE_PERSON, 0)},
     "`O` / `L`",
     "one person more / fewer in a pool: the selected person's pool, else the pool of the selected "
     "station's first task, else the first pool (headcount + 10 at most; a removed person who is busy "
     "finishes the task in hand first)",
     "O  /  L", "add / let go a person of the selected pool"},
    {{K(SDLK_a, ANY, RND_CMD_FLEET_FASTER, 0), K(SDLK_z, ANY, RND_CMD_FLEET_SLOWER, 0)},
     "`A` / `Z`",
     "AGV fleet one speed step faster / slower: \xC3\x97" "0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3 "
     "of the scene's top speed. Acts on the selected AGV's fleet, else on the line's first "
     "fleet",
     "A  /  Z", "AGV fleet faster / slower (the selected AGV's fleet)"},
    {{K(0, ANY, RND_CMD_NONE, 0)},
     "`Shift` + `B`, `U`, `]`, `[`, `O`, `L`, `A`, `Z`",
     "the same in both lines (the station, pool or fleet with the same id)",
     "Shift+B, U, ], [, O, L, A, Z", "same action in both lines"},
    {{K(SDLK_h, ANY, RND_CMD_HELP, 0), K(SDLK_F1, ANY, RND_CMD_HELP, 0)},
     "`H` / `F1`", "show / hide this list of keys (the help overlay)", "H  or  F1",
     "this help"},
    {{K(SDLK_ESCAPE, ANY, RND_CMD_BACK, 0)},
     "`Esc`", "close the help, else clear the selection, else quit", NULL, NULL},
    {{K(SDLK_q, ANY, RND_CMD_QUIT, 0)},
     "`Q`", "quit", "Q  or  Esc", "quit"},
};

const rnd_key_row *rnd_keys(int *count) {
    if (count)
        *count = (int)(sizeof rows / sizeof rows[0]);
    return rows;
}

rnd_command rnd_key_lookup(SDL_Keycode key, Uint16 mods, int *arg) {
    bool ctrl = (mods & KMOD_CTRL) != 0;
    if (key == 0)
        return RND_CMD_NONE;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        for (int k = 0; k < RND_KEY_ROW_BINDINGS && rows[i].keys[k].key; k++) {
            const rnd_key_binding *b = &rows[i].keys[k];
            if (b->key != key || (b->mods == RND_MODS_CTRL && !ctrl) ||
                (b->mods == RND_MODS_NO_CTRL && ctrl))
                continue;
            if (arg)
                *arg = b->arg;
            return b->cmd;
        }
    return RND_CMD_NONE;
}

size_t rnd_keys_markdown(char *buf, size_t size) {
    size_t n = 0;
    int w = snprintf(buf, size, "| key | action |\n| --- | --- |\n");
    n += (size_t)(w > 0 ? w : 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (!rows[i].doc_keys)
            continue;
        w = snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, "| %s | %s |\n",
                     rows[i].doc_keys, rows[i].doc);
        n += (size_t)(w > 0 ? w : 0);
    }
    return n;
}
