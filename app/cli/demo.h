/*
 * demo: a realistic Danish demo dataset: organisations and one account per
 * role (later modules add cohorts, participants and attendance).
 */
#ifndef MESTRING_DEMO_H
#define MESTRING_DEMO_H

#define DEMO_DEFAULT_PASSWORD "mestring-demo-2026"

/* `mestring demo --db FILE [--password PW]`. Exit status. */
int demo_cli(int argc, char **argv);

#endif
