module fixtures.stepdist/check

go 1.22
