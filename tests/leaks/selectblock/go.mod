module fixtures.stepdist/leaks/selectblock

go 1.22
