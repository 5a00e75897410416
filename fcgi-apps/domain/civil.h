/*
 * civil.h: calendar dates as days since 1970-01-01 (proleptic Gregorian). Pure: no I/O.
 */
#ifndef YW_CIVIL_H
#define YW_CIVIL_H

#include <stdint.h>

int64_t yw_days_from_civil(int y, unsigned m, unsigned d);
void yw_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

#endif
