#ifndef PARLEY_CNCURSES_SHIM_H
#define PARLEY_CNCURSES_SHIM_H

// The wide-character API (get_wch, add_wch, cchar_t) is only declared when these are set
// before the first curses header.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Swift cannot import function-like macros; these wrap the ones Parley needs.
static inline int parley_color_pair(int n) { return COLOR_PAIR(n); }
static inline int parley_key_f(int n) { return KEY_F(n); }
static inline int parley_lines(void) { return LINES; }
static inline int parley_cols(void) { return COLS; }
static inline int parley_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int parley_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline WINDOW *parley_stdscr(void) { return stdscr; }
static inline int parley_key_code_yes(void) { return KEY_CODE_YES; }
static inline int parley_key_max(void) { return KEY_MAX; }
static inline attr_t parley_a_bold(void) { return A_BOLD; }
static inline attr_t parley_a_underline(void) { return A_UNDERLINE; }
static inline attr_t parley_a_reverse(void) { return A_REVERSE; }
static inline attr_t parley_a_dim(void) { return A_DIM; }
static inline attr_t parley_a_italic(void) { return A_ITALIC; }
static inline attr_t parley_a_normal(void) { return A_NORMAL; }

// Colour capabilities after start_color(); COLORS and COLOR_PAIRS are globals that may be
// macros in reentrant builds, so read them through functions.
static inline int parley_colors(void) { return COLORS; }
static inline int parley_color_pairs(void) { return COLOR_PAIRS; }

// Mouse wheel: with NCURSES_MOUSE_VERSION 2 the wheel reports as buttons 4 (up) and 5 (down).
static inline mmask_t parley_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t parley_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t parley_button5_pressed(void) { return 0; }
#endif
static inline int parley_key_mouse(void) { return KEY_MOUSE; }
static inline int parley_key_resize(void) { return KEY_RESIZE; }
static inline int parley_ok(void) { return OK; }
static inline int parley_err(void) { return ERR; }

// stdin/stdout are C globals Swift 6 refuses to touch without isolation; newterm needs them.
static inline FILE *parley_stdin(void) { return stdin; }
static inline FILE *parley_stdout(void) { return stdout; }

#endif
