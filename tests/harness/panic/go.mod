module fixtures.stepdist/panic

go 1.22
