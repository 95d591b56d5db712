// A thin C face over Debian's libedit (readline-compatible API) that Swift 6 can call without touching
// mutable C globals directly.
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

typedef char **(*ceditline_completion_fn)(const char *text, int start, int end);
typedef char *(*ceditline_generator_fn)(const char *text, int state);

static inline void ceditline_set_completion(ceditline_completion_fn fn) {
  rl_attempted_completion_function = (rl_completion_func_t *)fn;
}

static inline char **ceditline_completion_matches(const char *text, ceditline_generator_fn generator) {
  return rl_completion_matches(text, (rl_compentry_func_t *)generator);
}

/// Completion offers only the current question's choices, never file names.
static inline void ceditline_disable_filename_completion(void) {
  rl_attempted_completion_over = 1;
}

/// Signals stay ours: libedit must not install handlers of its own.
static inline void ceditline_set_catch_signals(int on) {
  rl_catch_signals = on;
}

static inline void ceditline_set_name(const char *name) {
  rl_readline_name = name;
}

typedef int (*ceditline_getc_fn)(FILE *stream);

/// Where readline() takes its characters from: the kiosk reads the keyboard itself, so that named keys and
/// a change of screen can end a line being typed. Each call returns one character (a Unicode scalar).
static inline void ceditline_set_getc(ceditline_getc_fn fn) {
  rl_getc_function = fn;
}

/// A fresh line editor, so that nothing of one patient's typing (libedit's cut buffer) reaches the next.
static inline void ceditline_reinitialize(void) {
  rl_initialize();
}

#endif
