/* Bulk data for benchmarks: a seeded generator of events and its loader. */
#ifndef SWITCHBOARD_BULK_H
#define SWITCHBOARD_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "switchboard/error.h"

struct db;

/* The columns of sb.domain_events that each generated line fills. */
#define BULK_COPY_COLUMNS \
	"event_id, stream_type, stream_id, stream_version, event_type, " \
	"payload, actor, recorded_at"

/* Who the generated events say recorded them. */
#define BULK_ACTOR	"postgres"

struct bulk_spec {
	unsigned long	 contacts;
	unsigned long	 orgs;		/* at least 1 */
	uint64_t	 seed;
};

/* What a walk produced. */
struct bulk_counts {
	unsigned long	 events;
	unsigned long	 orgs;
	unsigned long	 partners;
	unsigned long	 contacts;
	unsigned long	 links;		/* organization_contacts rows */
	unsigned long	 emails;
	unsigned long	 phones;
	unsigned long	 addresses;
	/* bulk_load's phases, seconds: COPY (and ANALYZE of the log), the
	 * set-based projection, the projections' indexes built again. */
	double		 copy_s, project_s, index_s;
};

/*
 * Where the generated text goes: n bytes of whole COPY lines (text format,
 * BULK_COPY_COLUMNS). Returns 0, or non-zero to stop the walk.
 */
typedef int	(*bulk_out_fn)(void *arg, const char *buf, size_t n);

/*
 * Walk the data set of spec: organizations (2% partners, 2% platforms,
 * the rest providers, a fifth referred by a partner), then contacts with
 * emails, phones and addresses, linked to one organization each, 12% to
 * two to four, and 1% (partner contacts, owned by a partner) to dozens.
 * Names are international. The same spec gives the same bytes every time.
 * Returns 0 or the out callback's non-zero value; counts may be NULL.
 */
int		 bulk_generate(const struct bulk_spec *spec, bulk_out_fn out,
		     void *arg, struct bulk_counts *counts);

/*
 * Load spec's data into the database of admin (the cluster's superuser,
 * migrated): COPY the events into the log with the per-row triggers off
 * for this session only, then project them with sb.bulk_project, all in
 * one transaction. counts may be NULL.
 */
enum sb_status	 bulk_load(struct db *admin, const struct bulk_spec *spec,
		     struct bulk_counts *counts, struct sb_error *err);

/* "10k", "100k", "1m", "2500": a count; 0 when s is not one. */
unsigned long	 bulk_parse_size(const char *s);

#endif
