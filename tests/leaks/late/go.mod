module fixtures.stepdist/leaks/late

go 1.22
