# Reference figures for the churn drivers on the telco sample, computed with base R (+ jsonlite).
# Run from the repo root:  Rscript tests/golden/drivers/drivers.R
# Writes tests/golden/drivers/telco-drivers.json (committed); drivers.golden.test.ts beside it compares
# src-main/engine/drivers with it.
#
# churned = Churn == "Yes". TotalCharges is NA for 11 customers (all with tenure 0): they are dropped
# from that attribute only (na.omit below), and the count is written out as `missing`.
telco <- read.csv("resources/samples/telco_churn.csv", stringsAsFactors = FALSE, na.strings = "NA")
churned <- telco$Churn == "Yes"

# Wilson interval of each group's churn share: prop.test(x, n, correct = FALSE)$conf.int.
groups_of <- function(label, churn) {
  lapply(sort(unique(label)), function(g) {
    inside <- label == g
    x <- sum(churn[inside]); n <- sum(inside)
    ci <- suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
    list(label = as.character(g), customers = n, churned = x, share = x / n,
         lower = ci[1], upper = ci[2])
  })
}

# Chi-square test of independence (no Yates correction), Cramér's V from the statistic, and whether
# R warns about small expected counts; information value with 0.5 added to empty cells only (the
# engine's rule, see src-main/engine/drivers/information-value.ts), WoE = ln(churned% / retained%).
association <- function(label, churn) {
  tab <- table(label, churn)
  warned <- FALSE
  test <- withCallingHandlers(chisq.test(tab, correct = FALSE),
                              warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
  n <- sum(tab)
  v <- sqrt(unname(test$statistic) / (n * (min(dim(tab)) - 1)))
  yes <- as.numeric(tab[, "TRUE"]); no <- as.numeric(tab[, "FALSE"])
  yes[yes == 0] <- 0.5; no[no == 0] <- 0.5
  woe <- log((yes / sum(yes)) / (no / sum(no)))
  list(chisq = list(statistic = unname(test$statistic), df = unname(test$parameter),
                    p = test$p.value, min_expected = min(test$expected), warning = warned),
       cramers_v = v,
       iv = sum((yes / sum(yes) - no / sum(no)) * woe),
       woe = setNames(as.list(woe), rownames(tab)))
}

categorical <- function(label) {
  c(list(groups = groups_of(label, churned)), association(label, churned))
}

# Port of src-main/engine/describe/nice-bins.ts (niceBins, binIndex, binLabel), so that the binned
# tables are the ones the engine builds: equal-width bins with 1, 2, 2.5, 5 or 10 × 10^k edges.
nice_bins <- function(lo, hi, max_bins, integer) {
  rough <- (hi - lo) / max_bins
  magnitude <- 10^floor(log10(rough))
  for (factor in c(1, 2, 2.5, 5, 10)) {
    step <- factor * magnitude
    if (integer) step <- max(1, ceiling(step))
    start <- floor(lo / step) * step
    span <- (hi - start) / step
    count <- if (integer) floor(span + 1e-9) + 1 else max(1, ceiling(span - 1e-9))
    if (count <= max_bins) return(list(start = start, step = step, count = count))
  }
}
bin_label <- function(bins, i, integer) {
  low <- bins$start + i * bins$step; high <- low + bins$step
  f <- function(x) format(signif(x, 12), scientific = FALSE, trim = TRUE)
  if (integer) return(if (bins$step == 1) f(low) else paste(f(low), "\u2013", f(high - 1)))
  if (i == bins$count - 1) paste(f(low), "\u2013", f(high)) else paste(f(low), "\u2013 <", f(high))
}

numeric_driver <- function(values) {
  keep <- !is.na(values)
  x <- values[keep]; churn <- churned[keep]
  integer <- all(x == round(x))
  bins <- nice_bins(min(x), max(x), 10, integer)
  index <- pmin(pmax(floor((x - bins$start) / bins$step + 1e-9), 0), bins$count - 1)
  # Label each customer by bin; keep the bins in ascending order (labels do not sort numerically).
  labels <- sapply(0:(bins$count - 1), function(i) bin_label(bins, i, integer))
  label <- factor(labels[index + 1], levels = labels)
  label <- droplevels(label)
  groups <- lapply(levels(label), function(g) {
    inside <- label == g
    k <- sum(churn[inside]); n <- sum(inside)
    ci <- prop.test(k, n, correct = FALSE)$conf.int
    list(label = g, customers = n, churned = k, share = k / n, lower = ci[1], upper = ci[2])
  })
  # Mann-Whitney: formula method, first level = churned FALSE (retained), normal approximation with
  # tie and continuity correction.
  w <- wilcox.test(x ~ churn, exact = FALSE, correct = TRUE)
  c(list(missing = sum(!keep), customers = length(x), churned = sum(churn),
         bins = list(start = bins$start, step = bins$step, count = bins$count, integer = integer),
         groups = groups,
         wilcox = list(W = unname(w$statistic), p = w$p.value)),
    association(label, churn))
}

out <- list(
  source = "R base: prop.test(correct = FALSE), chisq.test(correct = FALSE), wilcox.test(exact = FALSE) on resources/samples/telco_churn.csv",
  r_version = R.version.string,
  customers = nrow(telco),
  churned = sum(churned),
  categorical = list(
    Contract = categorical(telco$Contract),
    InternetService = categorical(telco$InternetService),
    PaymentMethod = categorical(telco$PaymentMethod),
    SeniorCitizen = categorical(as.character(telco$SeniorCitizen))
  ),
  numeric = list(
    tenure = numeric_driver(telco$tenure),
    MonthlyCharges = numeric_driver(telco$MonthlyCharges),
    TotalCharges = numeric_driver(telco$TotalCharges)
  )
)
jsonlite::write_json(out, "tests/golden/drivers/telco-drivers.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
