/*
 * appview.h: an application as the API shows it (API.md sections 4 and 5), shared by the
 * apply app (the citizen's view) and the staff app (the staff view adds the department,
 * the applicant as staff may see them, the parallel opinions and the queue). The citizen's
 * view masks the form's ID numbers (fields of type id_number, API.md section 3); staff see
 * them whole.
 *
 * The deadline fields are computed at the request's "now" with the working-day calendar:
 * due_at, working_days_left and light (null while no clock runs: not yet accepted,
 * suspended, or final).
 */
#ifndef YW_APPVIEW_H
#define YW_APPVIEW_H

#include <jansson.h>

#include "../domain/workday.h"
#include "db.h"

typedef enum { YW_VIEW_CITIZEN, YW_VIEW_STAFF } yw_view;

/*
 * Reads and renders application id. For the citizen's view, owner is the citizen and
 * another citizen's application is YW_E_NOT_FOUND; the staff view takes owner 0 (the
 * caller has checked the departments). en selects English labels.
 */
yw_err yw_appview_render(yw_db *db, yw_arena *a, const yw_calendar *cal, long long id,
    yw_view view, long long owner, int en, json_t **out, long long *version);
/* Set by the last render: the application waits for a deemed acceptance (workflow.h). */
int yw_appview_deem_due(void);

/* The deadline fields of a row: working_days_left and light (JSON null when none). */
void yw_appview_clock(const yw_calendar *cal, const char *status, const char *due_cell,
    int promised_days, json_t **left, json_t **light);

/* A DATETIME cell as RFC 3339 +08:00, or JSON null. */
json_t *yw_json_time(yw_arena *a, const char *cell);
/* A JSON text cell parsed, or JSON null. */
json_t *yw_json_doc(const char *cell);

#endif
