/*
 * stepdist.h - the whole public API of libstepdist.
 */
#ifndef STEPDIST_H
#define STEPDIST_H

#define STEPDIST_VERSION "0.1.0"

#include "stepdist/alloc.h"
#include "stepdist/baselines.h"
#include "stepdist/catalog.h"
#include "stepdist/chat.h"
#include "stepdist/collect.h"
#include "stepdist/dist.h"
#include "stepdist/error.h"
#include "stepdist/events.h"
#include "stepdist/format.h"
#include "stepdist/gen.h"
#include "stepdist/leaks.h"
#include "stepdist/metrics.h"
#include "stepdist/model.h"
#include "stepdist/proc.h"
#include "stepdist/report.h"
#include "stepdist/trace.h"

#endif
