/*
 * apply.h: the handlers of the apply app (在线申报): applications (applications.c) and the
 * uploads of their materials (uploads.c). The route table is in apply.c.
 */
#ifndef YW_APPLY_H
#define YW_APPLY_H

#include "../lib/config.h"
#include "../lib/request.h"

/* applications.c */
yw_err create_application(yw_req *r);
yw_err list_applications(yw_req *r);
yw_err get_application(yw_req *r);
yw_err put_application_form(yw_req *r);
yw_err submit_application(yw_req *r);
yw_err withdraw_application(yw_req *r);
yw_err post_evaluation(yw_req *r);
int applications_init(const yw_config *cfg);

/* uploads.c */
yw_err upload_options(yw_req *r);
yw_err upload_create(yw_req *r);
yw_err upload_form(yw_req *r);
yw_err upload_head(yw_req *r);
yw_err upload_get(yw_req *r);
yw_err upload_patch(yw_req *r);
yw_err upload_post_override(yw_req *r);
yw_err upload_delete(yw_req *r);
int uploads_init(const yw_config *cfg);

/*
 * For applications.c: an upload of this citizen, complete, with its detected type
 * ("pdf", "jpg", "png") and size; YW_E_NOT_FOUND when it is not theirs or not there.
 */
typedef struct {
	const char *id;
	const char *filename;
	long long bytes;
	const char *sha256;
	const char *detected_type;
	int complete;
} yw_upload_info;
yw_err upload_lookup(yw_req *r, const char *upload_id, yw_upload_info *out);

#endif
