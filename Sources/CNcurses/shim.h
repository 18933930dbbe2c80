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

#endif
