module fixtures.stepdist/leaks/forever

go 1.22
