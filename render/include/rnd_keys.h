/*
 * rnd_keys.h - the viewer's key bindings: one table.
 *
 * Each row of the table is one line of the key list: the keys (with the
 * modifier they need) and the command they give, the words of the key
 * table in docs/viewer.md, and the words of the help overlay (H or F1).
 * The window's key handler looks keys up here (rnd_key_lookup), the help
 * overlay lists the rows that have overlay words, and tests/test_render_keys.c
 * fails when docs/viewer.md's key table differs from rnd_keys_markdown.
 * A row may have no keys (the mouse line of the overlay, the Shift line of
 * the docs), no docs words or no overlay words.
 */
#ifndef RND_KEYS_H
#define RND_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

/// What a key does. Commands that change the simulation map to one
/// lv_session call (rnd_viewer.c); the rest are the window's own.
typedef enum rnd_command {
    RND_CMD_NONE = 0,
    RND_CMD_PAUSE,          ///< pause / resume
    RND_CMD_STEP,           ///< pause and step to the next event
    RND_CMD_FASTER,         ///< next speed step
    RND_CMD_SLOWER,         ///< previous speed step
    RND_CMD_SPEED,          ///< speed step number arg (0-based)
    RND_CMD_RESTART,        ///< restart at time 0
    RND_CMD_RELOAD,         ///< reload the scene file(s)
    RND_CMD_SCREENSHOT,     ///< save the frame as PNG
    RND_CMD_PANES,          ///< cycle split / base / retrofit
    RND_CMD_FIT,            ///< fit the layout to the window
    RND_CMD_PAN,            ///< pan by (dx, dy) = pan[arg]
    RND_CMD_BREAK,          ///< trainer: break the selected station
    RND_CMD_REPAIR,         ///< trainer: repair it
    RND_CMD_ADD_SERVER,     ///< trainer: one more server
    RND_CMD_REMOVE_SERVER,  ///< trainer: one server fewer
    RND_CMD_FLEET_FASTER,   ///< trainer: AGV fleet one speed step faster
    RND_CMD_FLEET_SLOWER,   ///< trainer: ... slower
    RND_CMD_FAIL_MODE,      ///< trainer: a failure mode of the selected station fails
    RND_CMD_START_PM,       ///< trainer: a PM starts at the selected station
    RND_CMD_NEXT_MODE,      ///< trainer: choose the next failure mode for RND_CMD_FAIL_MODE
    RND_CMD_ADD_PERSON,     ///< trainer: one more person in the selected pool
    RND_CMD_REMOVE_PERSON,  ///< trainer: one person fewer in it
    RND_CMD_SEARCH,         ///< open the unit search field
    RND_CMD_HELP,           ///< show / hide the help overlay
    RND_CMD_BACK,           ///< close the help, else clear the selection, else quit
    RND_CMD_QUIT            ///< close the window
} rnd_command;

/// Which modifiers a binding needs. Shift is never required: with the
/// trainer actions it means "in both lines".
typedef enum rnd_key_mods {
    RND_MODS_ANY = 0, ///< any modifiers
    RND_MODS_CTRL,    ///< Ctrl held
    RND_MODS_NO_CTRL  ///< Ctrl not held
} rnd_key_mods;

/// One key of a row.
typedef struct rnd_key_binding {
    SDL_Keycode key;   ///< 0 ends the row's list
    rnd_key_mods mods;
    rnd_command cmd;
    int arg;           ///< RND_CMD_SPEED: step index; RND_CMD_PAN: 0 left, 1 right, 2 up, 3 down
} rnd_key_binding;

#define RND_KEY_ROW_BINDINGS 8

/// One line of the key list.
typedef struct rnd_key_row {
    rnd_key_binding keys[RND_KEY_ROW_BINDINGS]; ///< the keys, ended by key 0
    const char *doc_keys;  ///< docs/viewer.md key column (Markdown); NULL: not in the docs
    const char *doc;       ///< docs/viewer.md action column
    const char *help_keys; ///< help overlay key label; NULL: not in the overlay
    const char *help;      ///< help overlay text
} rnd_key_row;

/// The table and its number of rows (static storage).
const rnd_key_row *rnd_keys(int *count);
/// The command of a key with modifiers (SDL's KMOD_* bits); RND_CMD_NONE
/// when unbound. *arg receives the binding's argument when arg != NULL.
rnd_command rnd_key_lookup(SDL_Keycode key, Uint16 mods, int *arg);
/// Writes the docs' key table (header, separator, one line per row with
/// docs words, each ending in '\n') into buf; returns the length it needs
/// (as snprintf).
size_t rnd_keys_markdown(char *buf, size_t size);

#endif
