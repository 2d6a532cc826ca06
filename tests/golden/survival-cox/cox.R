# Reference Cox fits for src-main/engine/survival/cox.ts (R survival::coxph, Efron and Breslow ties).
# Run from the repository root:  Rscript tests/golden/survival-cox/cox.R
# Writes lung-cox.json and telco-cox.json next to this script.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

out_dir <- "tests/golden/survival-cox"

summarise_fit <- function(fit) {
  beta <- coef(fit)
  se <- sqrt(diag(vcov(fit)))
  z <- beta / se
  q <- qnorm(0.975)
  list(
    terms = names(beta),
    coef = unname(beta),
    se = unname(se),
    hazardRatio = unname(exp(beta)),
    lower = unname(exp(beta - q * se)),
    upper = unname(exp(beta + q * se)),
    z = unname(z),
    p = unname(2 * pnorm(-abs(z))),
    logLik = fit$loglik[2],
    nullLogLik = fit$loglik[1],
    iterations = fit$iter,
    n = fit$n,
    events = fit$nevent,
    likelihoodRatio = unname(2 * (fit$loglik[2] - fit$loglik[1])),
    wald = unname(fit$wald.test),
    score = unname(fit$score),
    concordance = unname(concordance(fit)$concordance),
    concordanceCounts = as.list(concordance(fit)$count)
  )
}

write_json_file <- function(x, name) {
  writeLines(toJSON(x, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(out_dir, name))
}

# (a) lung: status 2 = death; rows with a missing age, sex or ph.ecog dropped (1 row: ph.ecog NA).
lung <- read.csv("../shared/data/lung.csv")
lung_cc <- lung[complete.cases(lung[, c("time", "status", "age", "sex", "ph.ecog")]), ]
lung_fit <- function(ties) coxph(Surv(time, status == 2) ~ age + sex + ph.ecog, data = lung_cc, ties = ties)
write_json_file(
  list(
    source = "R survival::coxph on ../shared/data/lung.csv, Surv(time, status == 2) ~ age + sex + ph.ecog",
    rVersion = R.version.string,
    survivalVersion = as.character(packageVersion("survival")),
    rowsInFile = nrow(lung),
    rowsDropped = nrow(lung) - nrow(lung_cc),
    efron = summarise_fit(lung_fit("efron")),
    breslow = summarise_fit(lung_fit("breslow"))
  ),
  "lung-cox.json"
)

# (b) telco: time = tenure (months), event = Churn == "Yes". Tenure 0 (11 customers, none churned) is
# kept by coxph: a censoring at time 0 is in no event's risk set, so it changes nothing but n.
telco <- read.csv("resources/samples/telco_churn.csv")
telco$Contract <- relevel(factor(telco$Contract), ref = "Month-to-month")
telco$InternetService <- factor(telco$InternetService) # reference DSL (first alphabetically)
telco_fit <- function(ties) {
  coxph(Surv(tenure, Churn == "Yes") ~ Contract + MonthlyCharges + SeniorCitizen + InternetService,
        data = telco, ties = ties)
}
write_json_file(
  list(
    source = paste("R survival::coxph on resources/samples/telco_churn.csv, Surv(tenure, Churn == 'Yes') ~",
                   "Contract (ref Month-to-month) + MonthlyCharges + SeniorCitizen + InternetService (ref DSL)"),
    rVersion = R.version.string,
    survivalVersion = as.character(packageVersion("survival")),
    rowsInFile = nrow(telco),
    tenureZero = sum(telco$tenure == 0),
    efron = summarise_fit(telco_fit("efron")),
    breslow = summarise_fit(telco_fit("breslow"))
  ),
  "telco-cox.json"
)
