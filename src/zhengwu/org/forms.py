from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名/证件号", max_length=150)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


class TotpForm(forms.Form):
    code = forms.RegexField(
        label="动态口令（6位数字）",
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": "请输入6位数字动态口令"},
    )


class RegisterForm(forms.Form):
    KIND_CHOICES = [("citizen", "个人（居民身份证）"), ("enterprise", "法人（统一社会信用代码）")]
    kind = forms.ChoiceField(label="注册类型", choices=KIND_CHOICES, initial="citizen")
    name = forms.CharField(label="姓名/单位名称", max_length=100)
    id_number = forms.CharField(label="居民身份证号", max_length=18, required=False)
    usci = forms.CharField(label="统一社会信用代码", max_length=18, required=False)
    phone = forms.CharField(label="手机号", max_length=11)
    password = forms.CharField(label="密码", widget=forms.PasswordInput)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", widget=forms.PasswordInput)
    new_password = forms.CharField(label="新密码", widget=forms.PasswordInput)
