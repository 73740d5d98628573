module stepdist.corpus

go 1.22
