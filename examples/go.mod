module stepdist.example

go 1.22
