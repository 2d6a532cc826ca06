# Reference Kaplan–Meier curves, medians, survival at chosen times, restricted means and log-rank tests,
# computed with R's survival package. Run from the repo root (needs ../shared/data/lung.csv):
#   Rscript tests/golden/survival-km/survival-km.R
# Writes tests/golden/survival-km/lung.json and telco.json (committed); survival-km.golden.test.ts
# compares src-main/engine/survival/km.ts and logrank.ts with them. CI has no R: it reads the JSON only.
suppressPackageStartupMessages(library(survival))

conf_types <- c("log", "log-log", "plain")

# One group's curve under each confidence-interval transform, its median (quantile.survfit's rule, CI
# from the band), print()'s median (survmean's rule), survival at chosen times and restricted means.
one_group <- function(key, time, event, at_times, taus) {
  curves <- list()
  medians <- list()
  print_medians <- list()
  for (type in conf_types) {
    fit <- survfit(Surv(time, event) ~ 1, conf.type = type)
    # I(): keep one-point curves as arrays (write_json unboxes length-one vectors).
    curves[[type]] <- list(
      time = I(fit$time), n_risk = I(fit$n.risk), n_event = I(fit$n.event), n_censor = I(fit$n.censor),
      surv = I(fit$surv), std_err = I(fit$std.err), lower = I(fit$lower), upper = I(fit$upper)
    )
    q <- quantile(fit, probs = 0.5)
    medians[[type]] <- list(value = unname(q$quantile), lower = unname(q$lower), upper = unname(q$upper))
    table <- summary(fit)$table
    print_medians[[type]] <- list(value = unname(table["median"]), lower = unname(table["0.95LCL"]),
                                  upper = unname(table["0.95UCL"]))
  }
  fit <- survfit(Surv(time, event) ~ 1)
  at <- summary(fit, times = at_times, extend = TRUE)
  # summary() refuses a tau below the first time (the engine then returns tau itself, survmean's rule).
  rmeans <- lapply(taus[taus >= min(time)], function(tau) {
    table <- summary(fit, rmean = tau)$table
    list(tau = tau, rmean = unname(table["rmean"]), se = unname(table["se(rmean)"]))
  })
  list(key = key, n = length(time), events = sum(event), curves = curves, median = medians,
       print_median = print_medians, survival_at = list(time = I(at_times), surv = I(at$surv)), rmean = rmeans)
}

one_dataset <- function(source, time, event, group, at_times, taus) {
  keys <- sort(unique(group))
  groups <- c(list(one_group("all", time, event, at_times, taus)),
              lapply(keys, function(k) one_group(as.character(k), time[group == k], event[group == k],
                                                 at_times, taus)))
  test <- survdiff(Surv(time, event) ~ group)
  list(
    source = source, r_version = R.version.string,
    survival_version = as.character(packageVersion("survival")),
    groups = groups,
    survdiff = list(groups = as.character(keys), observed = as.numeric(test$obs),
                    expected = as.numeric(test$exp), chisq = test$chisq,
                    df = sum(test$exp > 0) - 1, p = test$pvalue)
  )
}

write <- function(x, path, pretty = TRUE) {
  jsonlite::write_json(x, path, auto_unbox = TRUE, digits = NA, pretty = pretty, na = "null")
}

lung <- read.csv("../shared/data/lung.csv")
write(one_dataset("survival::lung (../shared/data/lung.csv): time, event = status == 2, by sex",
                  lung$time, lung$status == 2, lung$sex,
                  c(0, 5, 30, 90, 180, 365, 500, 730, 1000, 1022, 1100), c(200, 365, 730, 1022)),
      "tests/golden/survival-km/lung.json")

telco <- read.csv("resources/samples/telco_churn.csv", stringsAsFactors = FALSE)
write(one_dataset("resources/samples/telco_churn.csv: time = tenure (months, 11 rows at 0, all censored), event = Churn == \"Yes\", by Contract",
                  telco$tenure, telco$Churn == "Yes", telco$Contract,
                  c(0, 1, 3, 6, 12, 24, 36, 72, 80), c(12, 24, 72)),
      "tests/golden/survival-km/telco.json")

# Small random samples with many ties (times 0–8), so that curves sit exactly at one half, reach 0, or
# have limits that go up and down: the median rule (quantile.survfit) and the edge cases of the limits.
set.seed(20261123)
samples <- lapply(1:300, function(i) {
  n <- sample(1:14, 1)
  time <- sample(0:8, n, replace = TRUE)
  event <- rbinom(n, 1, 0.6) == 1
  group <- one_group(paste("sample", i), time, event, c(0, 2.5, 4, 9), c(3, 10))
  group$time <- I(time)
  group$event <- I(event)
  group
})
write(list(source = "set.seed(20261123); 300 samples of 1–14 rows, time sample(0:8), event rbinom(0.6)",
           r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
           groups = samples),
      "tests/golden/survival-km/random-small.json", pretty = FALSE)

# Small grouped samples for the log-rank test: 2–4 groups, ties across groups, groups whose rows all
# leave before the first event (no expected events: survdiff leaves them out of the test).
set.seed(20261124)
tests <- list()
while (length(tests) < 200) {
  n <- sample(3:20, 1)
  time <- sample(0:6, n, replace = TRUE)
  event <- rbinom(n, 1, 0.5) == 1
  group <- sample(1:sample(2:4, 1), n, replace = TRUE)
  if (sum(event) == 0 || length(unique(group)) < 2) next
  test <- tryCatch(survdiff(Surv(time, event) ~ group), error = function(e) NULL)
  if (is.null(test)) next # a singular variance matrix: R's solve() stops
  keys <- sort(unique(group))
  tests[[length(tests) + 1]] <- list(
    time = I(time), event = I(event), group = I(group), groups = I(keys),
    observed = I(as.numeric(test$obs)), expected = I(as.numeric(test$exp)), chisq = test$chisq,
    df = sum(test$exp > 0) - 1, p = test$pvalue
  )
}
write(list(source = "set.seed(20261124); 200 samples of 3–20 rows, time sample(0:6), event rbinom(0.5), 2–4 groups",
           r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
           tests = tests),
      "tests/golden/survival-km/random-logrank.json", pretty = FALSE)
