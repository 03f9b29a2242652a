/*
 * demo: `mestring demo`, a realistic Danish demo dataset (demo_small.c,
 * demo_national.c).
 */
#ifndef MESTRING_DEMO_H
#define MESTRING_DEMO_H

#define DEMO_DEFAULT_PASSWORD "mestring-demo-2026"

/* `mestring demo --db FILE [--password PW] [--scale small|national]`.
 * Exit status. */
int demo_cli(int argc, char **argv);

#endif
