# Reference logistic regressions for src-main/engine/model/logistic.ts, from R's glm(family = binomial).
#
# Run from the repository root:   Rscript tests/golden/model/glm.R
# Writes tests/fixtures/attrition.csv (modeldata's attrition, 1,470 rows, with an id column) and
# tests/golden/model/glm.json. R 4.2 (survival-free), modeldata 1.1, jsonlite.
#
# Data decisions (the golden test makes the same ones):
# - telco (../shared/data/telco_churn.csv): customer_id dropped; Churn "Yes" = 1. TotalCharges is missing (written NA)
#   for 11 customers with tenure 0; those rows are DROPPED (R's default na.omit), leaving 7,032 rows.
#   SeniorCitizen, tenure, MonthlyCharges, TotalCharges are numeric; every other column is categorical.
# - attrition: read back from the fixture CSV so R, scikit-learn and the engine see the same strings.
#   modeldata stores Education, *Satisfaction, JobInvolvement, PerformanceRating and WorkLifeBalance as
#   ordered factors (polynomial contrasts in glm); in the CSV they are plain categories, so all three
#   use treatment contrasts. Attrition "Yes" = 1. glm needs 15 iterations there and reports SEs near 633
#   for the intercept, Department and JobRole: quasi-complete separation (Department Human_Resources is
#   determined by JobRole). Kept on purpose: a real case the engine must match and warn about.
# - Factor levels are sorted in the C locale (code-point order) and the first is the reference, which is
#   what the engine does by default.
# - The fits use raw (unstandardised) numerics: glm's coefficients are then directly those of the
#   engine's unpenalised fit with standardize = false.
suppressPackageStartupMessages({
  library(jsonlite)
  library(modeldata)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

data(attrition, package = "modeldata")
fixture <- data.frame(id = seq_len(nrow(attrition)), lapply(attrition, function(x) {
  if (is.factor(x)) as.character(x) else x
}), check.names = FALSE)
write.csv(fixture, "tests/fixtures/attrition.csv", row.names = FALSE, quote = FALSE)

as_factors <- function(df) {
  for (name in names(df)) if (is.character(df[[name]])) df[[name]] <- factor(df[[name]], levels = sort(unique(df[[name]])))
  df
}

fit_to_list <- function(fit, dataset, formula_text) {
  s <- summary(fit)
  cf <- coef(fit)
  table <- s$coefficients
  terms <- names(cf)
  pick <- function(col) unname(vapply(terms, function(t) if (t %in% rownames(table)) table[t, col] else NA_real_, 0))
  list(
    dataset = dataset,
    formula = formula_text,
    n = nobs(fit),
    terms = terms,
    coefficients = unname(cf),
    se = pick(2),
    z = pick(3),
    p = pick(4),
    aliased = unname(is.na(cf)),
    deviance = fit$deviance,
    nullDeviance = fit$null.deviance,
    aic = fit$aic,
    logLik = as.numeric(logLik(fit)),
    iterations = fit$iter,
    rank = fit$rank,
    dfResidual = fit$df.residual,
    converged = fit$converged
  )
}

telco <- read.csv("../shared/data/telco_churn.csv", stringsAsFactors = FALSE, na.strings = c("NA", "", " "))
telco$customer_id <- NULL
telco <- telco[!is.na(telco$TotalCharges), ]
telco$Churn <- as.integer(telco$Churn == "Yes")
telco <- as_factors(telco)
telco_fit <- glm(Churn ~ ., family = binomial, data = telco)

# The same data with the 11 rows kept, handled as the engine's design does: TotalCharges imputed with the
# mean of the observed values and a 0/1 indicator column "TotalCharges (missing)" right after it. All 11
# stayed (tenure 0), so glm's estimate for the indicator drifts (quasi-complete separation).
telco_all <- read.csv("../shared/data/telco_churn.csv", stringsAsFactors = FALSE, na.strings = c("NA", "", " "))
telco_all$customer_id <- NULL
missing_total <- is.na(telco_all$TotalCharges)
telco_all$TotalCharges[missing_total] <- mean(telco_all$TotalCharges, na.rm = TRUE)
telco_all <- data.frame(telco_all[, 1:which(names(telco_all) == "TotalCharges")],
  `TotalCharges (missing)` = as.numeric(missing_total), Churn = telco_all$Churn, check.names = FALSE)
telco_all$Churn <- as.integer(telco_all$Churn == "Yes")
telco_all <- as_factors(telco_all)
telco_all_fit <- glm(Churn ~ ., family = binomial, data = telco_all)

attr_df <- read.csv("tests/fixtures/attrition.csv", stringsAsFactors = FALSE)
attr_df$id <- NULL
attr_df$Attrition <- as.integer(attr_df$Attrition == "Yes")
attr_df <- as_factors(attr_df)
attr_fit <- glm(Attrition ~ ., family = binomial, data = attr_df)

out <- list(
  source = paste(R.version.string, "glm(family = binomial), default glm.control (epsilon 1e-8, maxit 25)"),
  fits = list(
    fit_to_list(telco_fit, "telco", "Churn ~ . (7,032 rows: 11 missing TotalCharges dropped)"),
    fit_to_list(attr_fit, "attrition", "Attrition ~ ."),
    fit_to_list(telco_all_fit, "telco-imputed", "Churn ~ . (7,043 rows: TotalCharges mean-imputed plus a missing indicator)")
  )
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "null"), "tests/golden/model/glm.json")
cat("wrote tests/golden/model/glm.json and tests/fixtures/attrition.csv\n")
