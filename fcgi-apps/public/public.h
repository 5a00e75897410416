/*
 * public.h: the public app (API.md section 8): results publication (结果公示), citizens'
 * consultations and complaints (咨询投诉) with the staff side (首问负责), and the Open311
 * GeoReport v2 facade over them.
 */
#ifndef YW_PUBLIC_H
#define YW_PUBLIC_H

#include "../lib/config.h"
#include "../lib/request.h"

/* results.c */
yw_err get_results(yw_req *r);

#endif
