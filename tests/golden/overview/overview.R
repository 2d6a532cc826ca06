# Reference figures for the overview on the telco sample, computed with base R.
# Run from the repo root:  Rscript tests/golden/overview/overview.R
# Writes tests/golden/overview/telco-overview.json (committed); tests/golden/overview.golden.test.ts
# compares Tenure's overview.get / overview.churnBy with it.
telco <- read.csv("resources/samples/telco_churn.csv", stringsAsFactors = FALSE, na.strings = "NA")
churned <- telco$Churn == "Yes"

by_group <- function(group) {
  groups <- sort(unique(group))
  lapply(groups, function(g) {
    inside <- group == g
    list(label = as.character(g), customers = sum(inside), churned = sum(churned[inside]),
         share = mean(churned[inside]))
  })
}

# Tenure: integer bins of 10 months starting at 0 (0-9, ..., 70-79), as Tenure labels them.
tenure_bin <- floor(telco$tenure / 10) * 10
tenure_label <- paste(tenure_bin, "\u2013", tenure_bin + 9)
# Monthly charges: bins of 10 USD from 10; the last bin [110, 120] is closed.
charge_start <- pmin(floor(telco$MonthlyCharges / 10) * 10, 110)
charge_label <- ifelse(charge_start == 110, "110 \u2013 120",
                       paste(charge_start, "\u2013 <", charge_start + 10))

out <- list(
  source = "R base: read.csv, median(), table counts on resources/samples/telco_churn.csv",
  r_version = R.version.string,
  customers = nrow(telco),
  churned = sum(churned),
  churn_share = mean(churned),
  median_tenure = median(telco$tenure),
  by_contract = by_group(telco$Contract),
  by_payment_method = by_group(telco$PaymentMethod),
  by_senior_citizen = by_group(ifelse(telco$SeniorCitizen == 1, "Yes", "No")),
  by_tenure_bin = by_group(tenure_label),
  by_monthly_charges_bin = by_group(charge_label)
)
jsonlite::write_json(out, "tests/golden/overview/telco-overview.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
